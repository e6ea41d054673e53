import type { TrackedProcess } from './model.js'
import type { ReapedBy, RunReport, Verdict, ZombieInterval } from './types.js'

/** What the verdict rules read of a process: the model's record of it, or a report's. */
type Judged = Pick<
  TrackedProcess,
  'zombie' | 'reapedBy' | 'adopted' | 'orphaned' | 'orderUnknown' | 'leftover' | 'escaped' | 'exitedInCleanup'
>

/**
 * The zombie rule (for processes the clean-up did not end): a parent other than the run's reaper held the process as a zombie, and that
 * hold did not end with the holder reaping it — the holder died first (the zombie was handed on),
 * or the run or observation ended with it still held (or the clean-up had to end it). A zombie
 * its parent reaps, however late, is not one: no duration enters the rule.
 */
export function neverReapedByParent(
  p: { readonly zombie: readonly ZombieInterval[]; readonly reapedBy: ReapedBy | null },
  reaperPid: number,
): boolean {
  const last = p.zombie.at(-1)
  return p.zombie.some((z) => z.heldBy !== reaperPid && !(z === last && p.reapedBy === 'parent'))
}

/**
 * Draws the run's conclusions from the order of events: see {@link Verdict} for each list. A
 * process whose exit and parent's death were seen only together is `undetermined`, never guessed
 * into `zombies` or `orphans`.
 */
export function computeVerdict(
  processes: readonly (Judged & { readonly key: string })[],
  labels: ReadonlyMap<string, string>,
  reaperPid: number,
): Verdict {
  const id = (p: { readonly key: string }): string => labels.get(p.key) ?? p.key
  const undetermined = processes.filter((p) => p.adopted && p.orderUnknown && !p.orphaned)
  const unknown = new Set(undetermined)
  return {
    // A process the clean-up ended is a stray; which of it and its parent the clean-up's signals
    // ended first is the harness's doing, so it is never judged a zombie for that.
    zombies: sortIds(
      processes.filter((p) => !unknown.has(p) && !p.exitedInCleanup && neverReapedByParent(p, reaperPid)).map(id),
    ),
    orphans: sortIds(processes.filter((p) => p.orphaned).map(id)),
    strays: sortIds(processes.filter((p) => p.leftover).map(id)),
    escaped: sortIds(processes.filter((p) => p.escaped).map(id)),
    undetermined: sortIds(undetermined.map(id)),
  }
}

/**
 * The signal the clean-up sent that ended the process: only when its wait status says it died of a
 * signal the clean-up sent. One that handled or ignored the signal and exited by itself has none.
 */
export function killedByOf(p: Pick<TrackedProcess, 'exit' | 'cleanupSignals'>): string | null {
  const signal = p.exit?.signal ?? null
  return signal !== null && p.cleanupSignals.includes(signal) ? signal : null
}

/**
 * A duration question, kept apart from the verdict because load changes its answer: the zombie
 * holds by a parent other than the reaper that lasted longer than `ms` (a hold never ended lasts
 * until the end of the run), with their lengths. Times are as recorded: a reap seen by sampling is
 * dated when it was seen, up to one interval late.
 */
export function zombieHoldsLongerThan(
  report: Pick<RunReport, 'processes' | 'reaper' | 'durationMs'>,
  ms: number,
): { readonly id: string; readonly ms: number }[] {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`The duration must be a non-negative number of milliseconds; received ${String(ms)}.`)
  const out: { id: string; ms: number }[] = []
  for (const p of report.processes) {
    const longest = p.zombie
      .filter((z) => z.heldBy !== report.reaper.pid)
      .reduce((m, z) => Math.max(m, (z.to ?? report.durationMs) - z.from), Number.NEGATIVE_INFINITY)
    if (longest > ms) out.push({ id: p.id, ms: longest })
  }
  return out
}

/**
 * Sorts labels in tree order: `root`, `root.1`, `root.1.1`, `root.2`, `root.10`, then the
 * processes whose parent was never seen, `adopted.1`, `adopted.2`.
 */
export function sortIds(ids: readonly string[]): string[] {
  const parts = (s: string): (string | number)[] =>
    s.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x === 'root' ? '' : x))
  return [...ids].sort((a, b) => {
    const pa = parts(a)
    const pb = parts(b)
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const x = pa[i]!
      const y = pb[i]!
      if (x === y) continue
      if (typeof x === 'number' && typeof y === 'number') return x - y
      return String(x) < String(y) ? -1 : 1
    }
    return pa.length - pb.length
  })
}
