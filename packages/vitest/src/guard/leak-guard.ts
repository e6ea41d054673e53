import { isMainThread } from 'node:worker_threads'
import type { ProcessRecord, RunReport } from '@proclife/report'
import { afterEach, beforeEach } from 'vitest'
import { findStarted, type StartedProcess } from './find-started.js'
import { GUARD_VARIABLE, newFileToken, testToken } from './guard-token.js'
import { readLastPid } from './pid-window.js'
import { installSpawnHook, ledger, type SpawnSite } from './spawn-sites.js'
import { spare, startWatcher, watcherPid } from './worker-watcher.js'

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
   * How long, in ms, to wait after a test for its processes to end by themselves before calling
   * what remains a leak.
   * @default 200
   */
  readonly settle?: number
  /**
   * How often, in ms, to look again while waiting `settle` ms.
   * @default 5
   */
  readonly interval?: number
  /**
   * Also fail a test that left a zombie behind (a child that exited and was never reaped).
   * @default true
   */
  readonly zombies?: boolean
  /**
   * Kill what a test leaked (SIGKILL, after proving each pid still names the same process).
   * @default true
   */
  readonly kill?: boolean
  /**
   * Run under vitest's `threads` pool too. Off by default: there all test files share one
   * process, so the guard cannot tell which test started a process and could kill another
   * file's. With `maxWorkers: 1` (or `fileParallelism: false`) it is exact again.
   * @default false
   */
  readonly threads?: boolean
}

/** The error a guarded test fails with; its message draws what leaked. */
export class LeakError extends Error {
  override readonly name = 'LeakError'
  constructor(message: string, readonly report: RunReport, readonly leaked: readonly string[]) {
    super(message)
  }
}

const commandLine = (p: { readonly argv?: readonly string[] | null; readonly comm: string }): string => (p.argv && p.argv.length > 0 ? p.argv.join(' ') : p.comm)

const patterns = (rules: readonly IgnoreRule[]): RegExp[] => rules.filter((r): r is RegExp => r instanceof RegExp)
const predicates = (rules: readonly IgnoreRule[]): ((p: ProcessRecord) => boolean)[] => rules.filter((r): r is (p: ProcessRecord) => boolean => !(r instanceof RegExp))

let warnedAboutThreads = false

/** One test as the guard sees it: its token and where the pid counter stood when it began. */
interface GuardedTest {
  readonly token: string
  /** `ns_last_pid` before the test; `undefined` where it cannot be read (every test is then searched). */
  readonly from: number | undefined
  /** The spawn hook's count before the test. */
  readonly spawns: number
  readonly startedAt: Date
  readonly t0: number
}

/**
 * Installs the leak guard in the current test file (call it from a `setupFiles` module, or use
 * `@proclife/vitest/guard`). Each test runs with a token of its own in the environment
 * (`PROCLIFE_GUARD`), which every process it starts inherits. After each test (after the file's
 * own `afterEach` clean-ups) the guard looks at the pids allocated during the test — only when one
 * was: a test that started nothing costs two small reads — and takes as the test's every process
 * that carries its token (however it left the test process's tree: a shell's background job, a
 * double fork, `setsid`, adoption by PID 1 or a subreaper) or whose parent is the test process
 * or another of its processes. It waits up to `settle` ms for them to end, then fails the test
 * with a picture of what leaked and the line that spawned it, and kills what leaked, by identity,
 * so that the next test starts clean.
 *
 * Exact under vitest's default `forks` pool, where each test file runs in its own process and
 * runs its tests one after another. See {@link LeakGuardOptions.threads}.
 */
export function installLeakGuard(options: LeakGuardOptions = {}): void {
  if (!isMainThread && !options.threads) {
    if (!warnedAboutThreads) {
      warnedAboutThreads = true
      console.warn('[proclife] The leak guard is off under the "threads" pool: all test files share one process there, so a leaked process cannot be attributed to a test. Use the default "forks" pool, or pass { threads: true } with maxWorkers: 1.')
    }
    return
  }
  const rules = options.ignore === undefined ? [] : Array.isArray(options.ignore) ? options.ignore as readonly IgnoreRule[] : [options.ignore as IgnoreRule]
  installSpawnHook()
  const file = newFileToken()
  // Between tests (beforeAll, afterAll) processes carry the file's token: not a test's, but the
  // worker's, for the watcher to find if the worker dies.
  process.env[GUARD_VARIABLE] = file
  ledger.onSpawn = () => startWatcher(file)
  let count = 0
  let current: GuardedTest | undefined

  beforeEach(() => {
    const token = testToken(file, ++count)
    process.env[GUARD_VARIABLE] = token
    ledger.test = token
    ledger.spawns.length = 0
    current = { token, from: readLastPid(), spawns: ledger.count, startedAt: new Date(), t0: performance.now() }
  })

  afterEach((context) => {
    const test = current
    current = undefined
    ledger.test = undefined
    process.env[GUARD_VARIABLE] = file
    if (!test) return
    // Nothing was started, on the whole machine, while the test ran: nothing to look for.
    if (ledger.count === test.spawns && test.from !== undefined && readLastPid() === test.from) return
    return check(test, [...ledger.spawns], context.task.name, context.task, rules, options)
  })
}

/** Looks for what the test left, waits for it to end, and fails the test (after killing it) if it did not. */
async function check(test: GuardedTest, spawns: readonly SpawnSite[], name: string, task: unknown, rules: readonly IgnoreRule[], options: LeakGuardOptions): Promise<void> {
  const regexps = patterns(rules)
  const exclude = new Set<number>()
  const watcher = watcherPid()
  if (watcher !== undefined) exclude.add(watcher)
  const wanted = (p: StartedProcess): boolean => {
    if (!regexps.some((r) => r.test(commandLine(p.info)))) return options.zombies !== false || p.info.state !== 'Z'
    spare([p.info]) // a helper the user lets live: not the watcher's to kill either
    return false
  }
  const search = (): StartedProcess[] => findStarted({ from: test.from, to: readLastPid(), token: test.token, exclude }).filter(wanted)
  // Waits, at most `settle` ms, for the test's processes to end (strays) or be reaped (zombies).
  const deadline = performance.now() + (options.settle ?? 200)
  let found = search()
  // Started not through child_process (a native addon): from now on, nothing may outlive the worker.
  if (found.length > 0) startWatcher(test.token.slice(0, test.token.lastIndexOf('.')))
  while (found.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, options.interval ?? 5))
    found = search()
  }
  if (found.length === 0) return
  const [{ leakReport }, { leakMessage }, { killLeftovers }, { attachPicture }] = await Promise.all([
    import('./leak-report.js'), import('./leak-message.js'), import('./kill-leftovers.js'), import('../format/attach-picture.js'),
  ])
  const report = leakReport({ token: test.token, startedAt: test.startedAt, durationMs: performance.now() - test.t0, spawns, found })
  const skip = predicates(rules)
  const ours = (p: ProcessRecord): boolean => p.id !== 'root' && !skip.some((rule) => rule(p))
  spare(report.processes.filter((p) => p.id !== 'root' && !ours(p)))
  const strays = report.processes.filter((p) => p.leftover && p.exitedAt === null && ours(p))
  const zombies = report.processes.filter((p) => p.exitedAt !== null && p.reapedAt === null && ours(p))
  if (strays.length === 0 && zombies.length === 0) return
  const outcomes = options.kill === false ? [] : await killLeftovers(strays)
  // Started meanwhile by what was just killed: end it too, before the next test.
  if (options.kill !== false) await killLeftovers(search().map((p) => ({ ...p.info, id: '' })).filter((p) => !report.processes.some((r) => r.pid === p.pid && r.startTicks === p.startTicks)))
  const notes = new Map<string, string[]>()
  for (const o of outcomes) notes.set(o.id, [o.outcome === 'survived' ? 'survived SIGKILL from the leak guard' : 'killed by the leak guard'])
  const sites = new Map<string, SpawnSite>()
  for (const p of [...strays, ...zombies]) {
    const spawn = found.find((f) => f.info.pid === p.pid && f.info.startTicks === p.startTicks)?.spawn
    const site = spawn === null || spawn === undefined ? undefined : spawns[spawn - 1]
    if (site) sites.set(p.id, site)
  }
  attachPicture(task, report)
  throw new LeakError(leakMessage({ test: name, report, strays, zombies, sites, notes }), report, [...strays, ...zombies].map((p) => p.id))
}
