import type { Isolation } from '@proclife/report'

/** How the run keeps hold of the processes the fixture creates (defined with the report). */
export type { Isolation }

/** How births, execs and exits are recorded: traced by the kernel (`exact`) or sampled from /proc. */
export type CaptureMode = 'exact' | 'sampled'

/** Options of {@link runFixture} and {@link startFixture}. Every field is optional. */
export interface RunOptions {
  /**
   * Kill the whole tree when the run lasts longer than this many milliseconds; the report says
   * `timedOut: true`.
   * @default 30000
   */
  readonly timeout?: number
  /**
   * After the fixture's root exits, wait at most this long for the remaining processes to
   * finish by themselves; whatever is still alive then is a stray and is killed. The wait ends at
   * the sentinel's exit event of the last one, so a run that leaves nothing pays nothing. The one
   * rule for "left running", shared with `observe` and the leak guard (`SETTLE_MS` of
   * `@proclife/report`); `0` judges at the root's exit.
   * @default 1000
   */
  readonly settle?: number
  /**
   * When killing strays: milliseconds between SIGTERM and SIGKILL.
   * @default 500
   */
  readonly killAfter?: number
  /**
   * Sampling interval of the sentinel, in milliseconds (spawns, execs, reparents and reaps by
   * other parents are seen at this resolution; exits and adoptions are exact). With exact capture
   * the kernel reports all of these, and the sentinel samples nothing (only reaps by other parents
   * on Linux before 6.9 use it).
   * @default 5
   */
  readonly interval?: number
  /**
   * Not used by the verdict, which is decided by the order of events (a zombie its parent reaps,
   * however late, is never in `verdict.zombies`). The margin below which a sampled overlap of two
   * processes is not counted as concurrency (`peakConcurrency`, `toHaveAtMostConcurrentProcesses`);
   * exact capture counts concurrency in the order of events and needs no margin.
   * @default 100
   */
  readonly overlapMargin?: number
  /**
   * Bytes of the root's stdout and of its stderr kept in the report (the rest is drained and
   * counted, so a flood never blocks the fixture).
   * @default 1048576
   */
  readonly maxOutput?: number
  /**
   * Stop the run (kill the whole tree, as at the time limit) as soon as the root's stdout or
   * stderr goes past `maxOutput`, instead of draining the rest until it ends. For untrusted code
   * that may flood its output; the timeline gets an `output-limit` event.
   * @default false
   */
  readonly stopAtOutputLimit?: boolean
  /**
   * The uid the fixture runs as when its command switches users itself (the grader runs students'
   * programs through `setpriv --reuid`): the run's checkpoint socket is given to that user (who
   * must be able to search `runDir`). The runner does not switch users.
   */
  readonly fixtureUid?: number
  /**
   * The folder in which the run makes its checkpoint socket (`proclife-<run id>.checkpoint.sock`,
   * owner-only, gone when the run ends). The grader gives one that it binds into a run's private
   * mount namespace, where the machine's `/tmp` is not seen.
   * @default os.tmpdir()
   */
  readonly runDir?: string
  /** Extra environment variables for the fixture. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /**
   * Start from the current process's environment (`true`) or from `env` alone (`false`).
   * @default true
   */
  readonly extendEnv?: boolean
  /**
   * Working directory of the fixture. A relative script path is resolved against it.
   * @default process.cwd()
   */
  readonly cwd?: string
  /** Text written to the fixture's stdin, which is then closed. By default stdin stays open
   * (see `FixtureRun.write`) for `startFixture`, and is closed at once for `runFixture`. */
  readonly input?: string
  /**
   * `'subreaper'`: a sentinel adopts every orphan (default). `'none'`: orphans go to the
   * machine's reaper, escaped processes are found by the `PROCLIFE_RUN` token. When the
   * sentinel cannot run, `'subreaper'` degrades to `'none'` and the report says why.
   * @default 'subreaper'
   */
  readonly isolation?: Isolation
  /**
   * `'exact'`: the sentinel traces the tree (ptrace, as `strace -f` does), so every process,
   * however short-lived, is recorded with its parent at birth, and labels are stable. Where tracing
   * is refused the run falls back to sampling and `report.capture` says why. `'sampled'` opts out
   * (a fixture that runs a debugger or `strace` itself needs it). The environment variable
   * `PROCLIFE_CAPTURE=sampled` changes the default, e.g. to run a whole suite sampled.
   * @default 'exact'
   */
  readonly capture?: CaptureMode
  /**
   * Checkpoints held from the start: a fixture that calls `checkpoint(name)` for one of these
   * blocks until `FixtureRun.release(name)`. Holding from the start leaves no race with the
   * fixture's first call (see also `FixtureRun.hold`).
   * @default []
   */
  readonly holdCheckpoints?: readonly string[]
  /**
   * Interpreter commands, by kind, used for scripts chosen by extension. Each is resolved to
   * the real binary first (so version-manager shims never appear in the tree). A version
   * (`python: '3.12'`, `node: '22'`) picks the newest interpreter of that version this machine
   * has (the matrix's discovery: PATH, pyenv, nvm, …); a version it lacks is an
   * `InterpreterError` naming the versions it has. The report's `interpreter` records the one used.
   * @default { python: 'python3', node: process.execPath, sh: 'sh' }
   * @example runFixture('fixtures/python/orphan.py', { interpreters: { python: '3.12' } })
   */
  readonly interpreters?: Readonly<Partial<Record<'python' | 'node' | 'sh', string>>>
  /**
   * Release every held checkpoint as soon as the root exits, before the settle period, so that a
   * process blocked only by the harness's own hold can finish by itself instead of being killed as
   * a stray (the grader sets this: nothing it held is counted against a student).
   * @default false
   */
  readonly releaseOnRootExit?: boolean
  /**
   * Start the root in a session and process group of its own (`setsid`), as a terminal starts a
   * login shell: a group signal to the root's group (`FixtureRun.signalGroup`, what ctrl-c at a
   * terminal sends) then reaches the fixture's processes and never the harness. Needs the native
   * sentinel.
   * @default false
   */
  readonly newSession?: boolean
  /**
   * Give the root a pseudo-terminal as its controlling terminal, in a session of its own, as a
   * shell started at a keyboard has: {@link FixtureRun.type} and {@link FixtureRun.key} type at
   * it (ctrl-c and ctrl-z then make the kernel signal the terminal's foreground process group),
   * `tcsetpgrp` works, and the report records the terminal's foreground group (`report.terminal`).
   * What the programs write to the terminal is the run's stdout: stdout and stderr are one stream
   * on a terminal, so `stderr` is empty. The terminal does not echo and leaves `\n` as it is.
   * Needs the native sentinel: without it the run is refused with a {@link TerminalUnavailableError}.
   * @default false
   */
  readonly terminal?: boolean
  /**
   * How many leading words of the command are a wrapper the caller put around the program (the
   * grader's containment: `unshare --net`, `nsenter …`, `prlimit …`, `setpriv …`), each exec'ing the
   * next in the same process. The report records them as `wrapper`, leaves the root's passage
   * through them out of its events, and its pictures name the program after them.
   * @default 0
   */
  readonly wrapper?: number
  /**
   * A file to write the sentinel's events to, one JSON object per line, as they came: a record
   * `replayEvents` from `@proclife/report` turns back into the same report (for debugging, and
   * for tests of the report core that launch nothing).
   */
  readonly eventLog?: string
}
