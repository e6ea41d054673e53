import { isMainThread } from 'node:worker_threads'
import { formatIdentity, readProcessSync, subtreeSync } from '@proclife/proctable'
import { formatTimeline, observeDescendants, type Observation, type ProcessRecord, type RunReport } from '@proclife/runner'
import { afterEach, beforeEach } from 'vitest'
import { drawTree } from '../format/tree.js'
import { killLeftovers } from './kill-leftovers.js'

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
   * Sampling interval, in ms.
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

const commandLine = (p: ProcessRecord): string => (p.argv && p.argv.length > 0 ? p.argv.join(' ') : p.comm)

function ignored(p: ProcessRecord, rules: readonly IgnoreRule[]): boolean {
  return rules.some((rule) => (rule instanceof RegExp ? rule.test(commandLine(p)) : rule(p)))
}

let warnedAboutThreads = false

/**
 * Installs the leak guard in the current test file (call it from a `setupFiles` module, or use
 * `@proclife/vitest/guard`): before each test it starts observing the test process's descendants;
 * after each test (after the file's own `afterEach` clean-ups) it waits up to `settle` ms, then
 * fails that test if it left a process running or a zombie unreaped, with a picture of what
 * leaked, and kills what leaked so that the next test starts clean.
 *
 * Exact under vitest's default `forks` pool, where each test file runs in its own process and the
 * test process is the parent of everything a test spawns. See {@link LeakGuardOptions.threads}.
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
  let observation: Observation | undefined
  let before = new Set<string>()

  beforeEach(() => {
    // Processes already running (started in beforeAll, or by an earlier file) are not this test's.
    before = new Set([...subtreeSync(process.pid).processes.values()].map((p) => formatIdentity(p)))
    // settle 0: the wait below is for this test's own processes only, not for long-lived ones.
    observation = observeDescendants({ settle: 0, interval: options.interval ?? 5 })
  })

  afterEach(async (context) => {
    const current = observation
    observation = undefined
    if (!current) return
    const report = await current.stop()
    const ours = (p: ProcessRecord): boolean => p.pid !== process.pid && !before.has(formatIdentity(p)) && !ignored(p, rules)
    const candidates = {
      strays: report.processes.filter((p) => p.leftover && p.exitedAt === null && ours(p)),
      zombies: options.zombies === false ? [] : report.processes.filter((p) => p.exitedAt !== null && p.reapedAt === null && ours(p)),
    }
    const { strays, zombies } = await settle(candidates, options.settle ?? 200)
    if (strays.length === 0 && zombies.length === 0) return
    const outcomes = options.kill === false ? [] : await killLeftovers(strays)
    const notes = new Map<string, string[]>()
    for (const o of outcomes) notes.set(o.id, [o.outcome === 'survived' ? 'survived SIGKILL from the leak guard' : 'killed by the leak guard'])
    throw new LeakError(leakMessage(context.task.name, report, strays, zombies, notes), report, [...strays, ...zombies].map((p) => p.id))
  })
}

type Candidates = { readonly strays: readonly ProcessRecord[]; readonly zombies: readonly ProcessRecord[] }

/** Waits, at most `ms`, for the test's leftovers to end (strays) or be reaped (zombies). */
async function settle(candidates: Candidates, ms: number): Promise<Candidates> {
  const state = (p: ProcessRecord): string | undefined => {
    const now = readProcessSync(p.pid, { argv: false, uid: false })
    return now && now.startTicks === p.startTicks ? now.state : undefined
  }
  const deadline = performance.now() + ms
  let current = candidates
  for (;;) {
    current = {
      strays: current.strays.filter((p) => { const s = state(p); return s !== undefined && s !== 'Z' }),
      zombies: current.zombies.filter((p) => state(p) === 'Z'),
    }
    if ((current.strays.length === 0 && current.zombies.length === 0) || performance.now() >= deadline) return current
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

function leakMessage(test: string, report: RunReport, strays: readonly ProcessRecord[], zombies: readonly ProcessRecord[], notes: ReadonlyMap<string, readonly string[]>): string {
  const parts: string[] = []
  if (strays.length > 0) parts.push(`${strays.length} ${strays.length === 1 ? 'process' : 'processes'} running (${strays.map((p) => p.id).join(', ')})`)
  if (zombies.length > 0) parts.push(`${zombies.length} ${zombies.length === 1 ? 'zombie' : 'zombies'} unreaped (${zombies.map((p) => p.id).join(', ')})`)
  const ids = [...strays, ...zombies].map((p) => p.id)
  return [
    `The test "${test}" left ${parts.join(' and ')} behind.`,
    '',
    'Processes this test started (root is the test process):',
    drawTree(withoutOthers(report, ids), { extraNotes: notes }),
    '',
    `Timeline (${ids.join(', ')}):`,
    formatTimeline(report, { ids }),
  ].join('\n')
}

/** The report's tree trimmed to the root, the leaked processes and their ancestors. */
function withoutOthers(report: RunReport, ids: readonly string[]): RunReport {
  const keep = new Set(['root'])
  for (const id of ids) {
    const parts = id.split('.')
    for (let i = 1; i <= parts.length; i++) keep.add(parts.slice(0, i).join('.'))
  }
  return { ...report, processes: report.processes.filter((p) => keep.has(p.id)) }
}
