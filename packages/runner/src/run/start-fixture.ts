import { startNodeSentinel } from '@proclife/sentinel'
import { resolveOptions, type RunOptions } from '../options.js'
import type { CheckpointProcess, CheckpointRecord, KeyName, RunReportWithLookup, RunView } from '@proclife/report'
import { TerminalUnavailableError } from '../errors.js'
import { SentinelUnavailableError } from '@proclife/sentinel'
import { ensureSentinel } from '@proclife/sentinel'
import { startSentinel, type Sentinel } from '@proclife/sentinel'
import { resolveTarget, type Target } from '../target/resolve-target.js'
import { fixtureEnvironment } from './environment.js'
import { removeRunSocket, runSocketPath } from './run-socket.js'
import { newRunId } from './run-id.js'
import { markPhase } from './phase-marks.js'
import { Run } from './run.js'
import type { OutputMatch, WaitForOutputOptions } from './wait-for-output.js'

/** What {@link FixtureRun.waitFor} can wait for: a predicate over the run as it is now. */
export type WaitCondition = (view: RunView) => boolean

/** Options of {@link FixtureRun.waitFor}. */
export interface WaitForOptions {
  /**
   * Give up after this many milliseconds.
   * @default 10000
   */
  readonly timeout?: number
  /** Words for the error message: what was waited for (e.g. `"root.1 to be a zombie"`). */
  readonly description?: string
}

/**
 * A fixture run in progress. `await run.done` gives the {@link RunReport}; in between, a test
 * can drive the fixture step by step: wait for a state or a checkpoint, hold a checkpoint while
 * it looks, send signals, write to stdin.
 */
export interface FixtureRun {
  /** The run's id (`PROCLIFE_RUN` in the fixture's environment). */
  readonly runId: string
  /** Resolves with the report once the run has settled and everything it created is gone. */
  readonly done: Promise<RunReportWithLookup>
  /** The run as it is now (provisional labels, states from the latest events). */
  view(): RunView
  /** Waits, with bounded back-off, until `condition` holds; the error names it and shows the tree. */
  waitFor(condition: WaitCondition, options?: WaitForOptions): Promise<RunView>
  /**
   * Waits until the root's output (stdout or stderr, or the one `stream` named) contains `text`,
   * or matches a regular expression; looks again at each chunk that arrives, and gives up after
   * `timeout` ms (default 10000) or when the output ends without it ({@link WaitForTimeoutError}).
   *
   * @example
   * const run = await startFixture('server.py')
   * await run.waitForOutput(/listening on (\d+)/)
   */
  waitForOutput(pattern: string | RegExp, options?: WaitForOutputOptions): Promise<OutputMatch>
  /** Waits until a fixture process has called `checkpoint(name)`; returns its record. */
  waitForCheckpoint(name: string, options?: WaitForOptions): Promise<CheckpointRecord>
  /**
   * The run's processes as /proc shows them now, from a fresh walk by the sentinel (not from the
   * events received so far, which can lag: an exit may be known before the reap that followed it).
   * A zombie has state `Z`. Empty once the run is over.
   */
  look(): Promise<readonly CheckpointProcess[]>
  /** Makes callers of `checkpoint(name)` block until {@link release}; call before they arrive. */
  hold(name: string): void
  /** Lets the callers of a held checkpoint continue. */
  release(name: string): void
  /** Sends a signal to one of the run's live processes, by id (`root.1`), after proving identity. */
  signal(id: string, signal: string | number): void
  /**
   * Sends a signal to the whole process group of one of the run's live processes (`kill(-pgid)`,
   * as a terminal does on ctrl-c), named by the process's id. Resolves with the group's id once
   * sent; rejects with a {@link GroupSignalError} when the sentinel refuses (the group holds a
   * process that is not the run's, or is the harness's own: see the `newSession` option).
   */
  signalGroup(id: string, signal: string | number): Promise<number>
  /**
   * Types `text` at the run's terminal (option `terminal`), as at a keyboard: the kernel's line
   * discipline gives it to whoever reads the terminal, and turns ctrl-c (`"\x03"`) and ctrl-z
   * (`"\x1a"`) into SIGINT and SIGTSTP for the terminal's foreground process group.
   * @throws {TerminalUnavailableError} when the run has no terminal.
   */
  type(text: string): void
  /**
   * Types one named key at the run's terminal: `ctrl-c`, `ctrl-z`, `ctrl-\`, `ctrl-d` or `enter`.
   * @throws {TypeError} for another name. @throws {TerminalUnavailableError} when the run has no terminal.
   */
  key(name: KeyName): void
  /** Writes to the root's stdin (with a terminal: types it, see {@link type}). */
  write(text: string): void
  /** Closes the root's stdin (with a terminal: types ctrl-d, end of input at the start of a line). */
  closeStdin(): void
  /** Ends the run now: kills whatever is alive (it is recorded as stray) and settles. */
  stop(): Promise<RunReportWithLookup>
}

/**
 * Starts a fixture under a sentinel and returns at once with a handle to drive it. Bad input
 * (missing script, missing interpreter, bad option) rejects before anything is started.
 */
export async function startFixture(target: Target, runOptions: RunOptions = {}): Promise<FixtureRun> {
  markPhase('start')
  const options = resolveOptions(runOptions)
  const resolved = await resolveTarget(target, options)
  markPhase('target')
  const binary = await nativeSentinel()
  markPhase('build-check')
  if (options.terminal && typeof binary !== 'string')
    throw new TerminalUnavailableError(
      `the Node stand-in sentinel runs this run (${binary.reason}), and it has no pseudo-terminal to give`,
    )
  const runId = newRunId()
  const socketPath = runSocketPath(runId, options.runDir)
  let run: Run
  let native: Sentinel | undefined
  try {
    const env = fixtureEnvironment(options, runId, socketPath)
    const startedAt = new Date()
    const launch = {
      argv: [...resolved.argv],
      cwd: options.cwd,
      env,
      intervalMs: options.interval,
      socketPath,
      holds: [...options.holdCheckpoints],
      ...(options.fixtureUid !== undefined ? { socketOwner: options.fixtureUid } : {}),
    }
    native =
      typeof binary === 'string'
        ? startSentinel({
            ...launch,
            binary,
            subreaper: options.isolation === 'subreaper',
            trace: options.capture === 'exact',
            newSession: options.newSession,
            terminal: options.terminal,
          })
        : undefined
    const sentinel =
      native ??
      startNodeSentinel({
        ...launch,
        reason: typeof binary === 'string' ? '' : binary.reason,
        newSession: options.newSession,
      })
    markPhase('spawn')
    run = new Run(runId, startedAt, resolved.argv, resolved.interpreter, options, sentinel, () =>
      removeRunSocket(socketPath),
    )
    markPhase('run-made')
  } catch (error) {
    await removeRunSocket(socketPath)
    throw error
  }
  // From here the run owns its socket and removes it when it ends, also when it is refused.
  if (native && options.terminal) await terminalOpened(native, run)
  return run
}

/** The sentinel's exit code when it could not open a pseudo-terminal (`--terminal`), before its hello. */
const NO_TERMINAL_EXIT = 67

/**
 * Waits for the hello of a sentinel asked for a terminal: one that could not open a pseudo-terminal
 * exits before it (having started nothing), and the run is refused with why. The run is made
 * first, so that it sees every event from the first; any other failure is its to report.
 */
async function terminalOpened(sentinel: Sentinel, run: FixtureRun): Promise<void> {
  try {
    await sentinel.hello
  } catch {
    const exit = await sentinel.exited.catch(() => null)
    if (exit?.code !== NO_TERMINAL_EXIT) return
    await run.done.catch(() => {})
    // The sentinel's one diagnostic line: "…: no pseudo-terminal for --terminal: <call>: <error>".
    const said = sentinel.diagnostics().trim().split('\n').at(-1) ?? ''
    throw new TerminalUnavailableError(said.split('--terminal: ')[1] ?? 'the sentinel could not open a pseudo-terminal')
  }
}

/**
 * The compiled sentinel, or why there is none. `PROCLIFE_SENTINEL=node` forces the Node stand-in
 * (what machines without a C compiler get), to try the degraded mode anywhere.
 */
async function nativeSentinel(): Promise<string | { reason: string }> {
  if (process.env['PROCLIFE_SENTINEL'] === 'node')
    return { reason: 'PROCLIFE_SENTINEL=node: the native sentinel is not used' }
  try {
    return await ensureSentinel()
  } catch (error) {
    if (!(error instanceof SentinelUnavailableError)) throw error
    return { reason: `the native sentinel is unavailable: ${error.message}` }
  }
}

/**
 * Runs a fixture to the end and returns what happened to every process it created.
 *
 * @example
 * const report = await runFixture('fixtures/python/zombie.py')
 * report.verdict.zombies // ['root.1']
 */
export async function runFixture(target: Target, options: RunOptions = {}): Promise<RunReportWithLookup> {
  const run = await startFixture(target, options)
  if (options.input === undefined) run.closeStdin()
  return run.done
}
