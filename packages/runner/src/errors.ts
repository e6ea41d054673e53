/**
 * Base class of every error the runner throws for bad input. Such errors are raised before
 * anything is started, so nothing is left behind; `message` is written for the user (one
 * sentence naming the thing, then what to do), and `hint` repeats the remedy on its own.
 */
export class ProclifeError extends Error {
  /** What the user can do about it. */
  readonly hint: string | undefined
  /** A stable machine-readable code, e.g. `ERR_PROCLIFE_TARGET`. */
  readonly code: string
  /**
   * What went wrong, without the remedy: for a front end (the CLI) that words the remedy in its
   * own terms, e.g. `--python` where the API says `interpreters`.
   */
  readonly summary: string

  constructor(code: string, message: string, hint?: string) {
    super(hint ? `${message} ${hint}` : message)
    this.name = new.target.name
    this.code = code
    this.hint = hint
    this.summary = message
  }
}

/**
 * Why a target cannot be run, for a front end that words its own remedy: `script-not-found`,
 * `command-not-found`, `needs-tsx` (a TypeScript script, and tsx cannot be found), `other`.
 */
export type TargetErrorReason = 'script-not-found' | 'command-not-found' | 'needs-tsx' | 'other'

/** The target cannot be run: missing, a directory, not readable or not executable. */
export class TargetError extends ProclifeError {
  /** The path or command that was given. */
  readonly target: string
  /** Why, as a word a front end can switch on. */
  readonly reason: TargetErrorReason

  constructor(target: string, message: string, hint?: string, reason: TargetErrorReason = 'other') {
    super('ERR_PROCLIFE_TARGET', message, hint)
    this.target = target
    this.reason = reason
  }
}

/** The interpreter a target needs (python3, node, sh) is missing or unusable. */
export class InterpreterError extends ProclifeError {
  /** The interpreter command that was looked for. */
  readonly interpreter: string
  /** Which kind of interpreter it was to be (`python`, `node`, `sh`), when known. */
  readonly kind: 'python' | 'node' | 'sh' | null

  constructor(interpreter: string, message: string, hint?: string, kind: 'python' | 'node' | 'sh' | null = null) {
    super('ERR_PROCLIFE_INTERPRETER', message, hint)
    this.interpreter = interpreter
    this.kind = kind
  }
}

/** An option has an unknown name or a value of the wrong kind. */
export class OptionError extends ProclifeError {
  /** The option's name. */
  readonly option: string

  constructor(option: string, message: string, hint?: string) {
    super('ERR_PROCLIFE_OPTION', message, hint)
    this.option = option
  }
}

/** `waitFor` gave up: the state it waited for did not come within its time. */
export class WaitForTimeoutError extends ProclifeError {
  constructor(message: string) {
    super('ERR_PROCLIFE_WAIT_TIMEOUT', message)
  }
}

/** The sentinel refused, or could not send, a signal to a process group (`FixtureRun.signalGroup`). */
export class GroupSignalError extends ProclifeError {
  /** Why, in the sentinel's words: e.g. the group holds a process that is not the run's. */
  readonly reason: string

  constructor(what: string, reason: string) {
    super('ERR_PROCLIFE_GROUP_SIGNAL', `Cannot signal the process group of ${what}: ${reason}.`)
    this.reason = reason
  }
}

/**
 * A run asked for a terminal (option `terminal`) where none can be had: the Node stand-in sentinel
 * has none to give, or the native one could not open a pseudo-terminal. Nothing was started.
 */
export class TerminalUnavailableError extends ProclifeError {
  /** Why, in words: e.g. `posix_openpt: No such file or directory`. */
  readonly reason: string

  constructor(reason: string) {
    super(
      'ERR_PROCLIFE_TERMINAL',
      `No terminal can be given to the run: ${reason}.`,
      'A run with a terminal needs the native sentinel and a working /dev/ptmx (devpts).',
    )
    this.reason = reason
  }
}

/**
 * The sentinel died during the run (SIGKILL, a crash). Nothing of the run survives it: a traced
 * tree is killed by the kernel (`PTRACE_O_EXITKILL`), and the runner sweeps what is left by the
 * run's `PROCLIFE_RUN` token. No report can be built, since its record ends mid-run.
 */
export class SentinelLostError extends ProclifeError {
  /** The signal that killed the sentinel (`"SIGKILL"`), or `null` if it exited. */
  readonly signal: string | null
  /** Its exit code when it exited without a signal. */
  readonly exitCode: number | null
  /** How many processes of the run were alive when it died (and so were killed). */
  readonly killed: number

  constructor(exit: { code: number | null; signal: string | null }, killed: number) {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited unexpectedly (code ${String(exit.code)})`
    const what = killed === 1 ? "the run's 1 process was killed" : `the run's ${killed} processes were killed`
    super('ERR_PROCLIFE_SENTINEL_LOST', `the sentinel ${how}; ${what}.`)
    this.signal = exit.signal
    this.exitCode = exit.code
    this.killed = killed
  }
}
