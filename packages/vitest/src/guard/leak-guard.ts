import { isMainThread } from 'node:worker_threads'
import type { ProcessRecord, RunReport } from '@proclife/report'
import { beforeEach } from 'vitest'
import { GUARD_VARIABLE, newFileToken, testToken } from './guard-token.js'
import { installSpawnHook, ledger } from './spawn-sites.js'
import type * as CheckTest from './check-test.js'

/** A process the guard should not count: a predicate, or a pattern matched against its command line. */
export type IgnoreRule = RegExp | ((process: ProcessRecord) => boolean)

/** Options of {@link installLeakGuard}. */
export interface LeakGuardOptions {
  /**
   * Processes that may outlive a test: known long-lived helpers. A `RegExp` is matched against
   * the command line (`argv` joined by spaces, or `comm` when it could not be read).
   * @default []
   */
  readonly ignore?: IgnoreRule | readonly IgnoreRule[]
  /**
   * How long, in ms, a test's processes may take to end by themselves after the test (and its
   * `afterEach` hooks) ended before what remains is a leak: the one rule for "left running",
   * shared with `observe` and `runFixture` (`SETTLE_MS` of `@proclife/report`). The wait ends as
   * soon as they have ended, so a clean test pays nothing. `0` judges at the end of the test.
   * @default 1000
   */
  readonly settle?: number
  /**
   * How often, in ms, to look again while waiting `settle` ms (Node has no pidfd to wait on).
   * @default 5
   */
  readonly interval?: number
  /**
   * Also fail a test that left a zombie behind (a child that exited and was never reaped).
   * @default true
   */
  readonly zombies?: boolean
  /**
   * Kill what a test leaked (SIGKILL, after proving each pid still names the same process), except
   * what code in the test process still listens to: a process whose `ChildProcess` has an `exit`
   * or `close` listener (a pool's worker, a supervised server, an un-awaited execa) is left
   * running, and the failure says so. Killing it would make that code react during a later test —
   * a pool reports "worker exited unexpectedly" (an uncaught error) and forks a replacement — and
   * fail a test that did nothing wrong. What is left ends with the test file (the worker's
   * watcher kills it then). `'all'` kills those too; `false` kills nothing.
   * @default true
   */
  readonly kill?: boolean | 'all'
  /**
   * Run under vitest's `threads` pool too. Off by default: there all test files share one
   * process, so the guard cannot tell which test started a process and could kill another
   * file's. With `maxWorkers: 1` (or `fileParallelism: false`) it is exact again.
   * @default false
   */
  readonly threads?: boolean
}

/**
 * The error a guarded test fails with; its message draws what leaked. Its report (`report`) and
 * the ids of what leaked (`leaked`) are there for code that catches it, but stay out of what
 * vitest prints: vitest copies every property of an error into its output (a `Serialized Error:`
 * line of kilobytes after the picture), so they are not enumerable, and `toJSON` — what vitest
 * sends from the test's worker — carries the name, the message and the stack only.
 */
export class LeakError extends Error {
  declare readonly report: RunReport
  declare readonly leaked: readonly string[]
  constructor(message: string, report: RunReport, leaked: readonly string[]) {
    super(message)
    Object.defineProperty(this, 'name', { value: 'LeakError', enumerable: false, configurable: true })
    Object.defineProperty(this, 'report', { value: report, enumerable: false })
    Object.defineProperty(this, 'leaked', { value: leaked, enumerable: false })
  }

  /** What vitest shows of it: the name, the message (the picture) and the stack. */
  toJSON(): { name: string; message: string; stack: string | undefined } {
    return { name: this.name, message: this.message, stack: this.stack }
  }
}

let warnedAboutThreads = false

/** One test as the guard sees it: its token and where the pid counter stood when it began. */
export interface GuardedTest {
  readonly token: string
  /**
   * `ns_last_pid` right before the test's first spawn: the test's processes have pids after it.
   * `undefined` where it cannot be read (the whole table is then searched).
   */
  readonly from: number | undefined
  /** `performance.now()` when the test began. */
  readonly t0: number
  /**
   * Under `test.concurrent`, the names of the tests that ran at the same time and shared the
   * token (this one last): what leaked is theirs together. Absent for a test that ran alone.
   */
  readonly concurrent?: readonly string[]
}

/**
 * Installs the leak guard in the current test file (call it from a `setupFiles` module, or use
 * `@proclife/vitest/guard`). It hooks child_process so that each process a test starts carries a
 * token naming the test and the spawn (`PROCLIFE_GUARD`), inherited by everything that process
 * starts in turn. After each test that started a process (after the file's own `afterEach`
 * clean-ups), the guard looks at the pids allocated since the test's first spawn and takes as the
 * test's every process that carries its token — however it left the test process's tree: a
 * shell's background job, a double fork, `setsid`, adoption by PID 1 or a subreaper — or whose
 * parent is the test process or another of its processes (never proclife's own, such as its
 * watcher). It waits up to `settle` ms for them to end, then fails the test with a picture of what leaked and the line that spawned it, and kills
 * what leaked, by identity, so that the next test starts clean. A test that starts nothing pays a
 * counter and a clock read.
 *
 * The worker's first spawn also starts a watcher, which kills by identity whatever the worker's
 * tests left if the worker dies or is abandoned.
 *
 * Exact under vitest's default `forks` pool, where each test file runs in its own process and
 * runs its tests one after another. Tests that run at the same time (`test.concurrent`) are
 * searched together, after the last of them, which fails naming them all; the line that spawned
 * the leak tells which one it was. See {@link LeakGuardOptions.threads}.
 */
export function installLeakGuard(options: LeakGuardOptions = {}): void {
  if (!isMainThread && !options.threads) {
    if (!warnedAboutThreads) {
      warnedAboutThreads = true
      console.warn(
        '[proclife] The leak guard is off under the "threads" pool: all test files share one process there, so a leaked process cannot be attributed to a test. Use the default "forks" pool, or pass { threads: true } with maxWorkers: 1.',
      )
    }
    return
  }
  const rules =
    options.ignore === undefined
      ? []
      : Array.isArray(options.ignore)
        ? (options.ignore as readonly IgnoreRule[])
        : [options.ignore as IgnoreRule]
  installSpawnHook()
  const file = newFileToken()
  // Between tests (beforeAll, afterAll) processes carry the file's token: not a test's, but the
  // worker's, for the watcher to find if the worker dies.
  process.env[GUARD_VARIABLE] = file
  // The first process the worker starts starts the watcher too, and loads the search: both are
  // loaded only then, and by the end of the test they are ready (the wait after a test counts
  // from its end, not from a slow import).
  let ready: Promise<typeof CheckTest> | undefined
  ledger.onSpawn = () => {
    ledger.onSpawn = undefined
    ready = import('./worker-watcher.js').then((w) => w.startWatcher(file)).then(() => import('./check-test.js'))
  }
  let count = 0
  // Tests of this file running now: more than one under `test.concurrent`. Tests that overlap share
  // one token (a spawn cannot tell which of them called it), and the last of them to end searches
  // for all of them.
  let running = 0
  let t0 = 0
  const together: string[] = []

  // The whole cost of a test that starts nothing: a counter, a string and a clock read, in one
  // hook. Its clean-up runs after the test and after every afterEach hook (the file's own
  // clean-ups), which is when what is left over is a leak.
  beforeEach((context) => {
    if (running++ === 0) {
      ledger.test = testToken(file, ++count)
      ledger.file = context.task.file?.filepath
      ledger.spawns.length = 0
      ledger.from = undefined
      together.length = 0
      t0 = performance.now()
    }
    together.push(context.task.name)
    return () => {
      if (--running > 0) return
      const token = ledger.test
      ledger.test = undefined
      // Nothing went through child_process during the test: nothing to look for. (The pid counter
      // alone would tell for every route, but on a busy machine other users' forks move it during
      // most tests; docs/adding-to-a-vitest-suite.md says what this leaves to the watcher.)
      if (token === undefined || ledger.spawns.length === 0) return
      const spawns = [...ledger.spawns]
      const test: GuardedTest = {
        token,
        from: ledger.from,
        t0,
        ...(together.length > 1 ? { concurrent: [...together] } : {}),
      }
      return (ready ?? import('./check-test.js')).then(({ checkTest }) =>
        checkTest(test, spawns, context.task.name, context.task, rules, options),
      )
    }
  })
}
