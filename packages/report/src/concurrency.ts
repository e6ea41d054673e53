import { clockTicksPerSecond } from '@proclife/proctable'
import type { RunReport } from './types.js'

/**
 * The most processes besides the root that were alive at one moment in a run, and which they
 * were. Start times come from /proc start ticks, rounded down to one clock tick, and an exit is
 * timed when the sentinel handles it, which on a loaded machine can be tens of ms late. So a
 * process counts from the end of its start tick, and an overlap counts only when it lasted longer
 * than the run's `overlapMargin`: a short one is never counted by mistake, a
 * long one always is. Checkpoints, where the whole tree was recorded at once, count exactly.
 */
export function peakConcurrency(report: RunReport): { readonly count: number; readonly ids: readonly string[] } {
  const tick = 1000 / clockTicksPerSecond()
  const grace = report.options.overlapMargin
  const spans = report.processes.filter((p) => p.id !== 'root').map((p) => {
    const to = p.exitedAt ?? Number.POSITIVE_INFINITY
    return { id: p.id, from: Math.min(p.spawnedAt + tick, to - 1e-6), to }
  })
  let best: { count: number; ids: readonly string[] } = { count: 0, ids: [] }
  for (const s of spans) {
    const alive = spans.filter((o) => o === s || (o.from <= s.from && o.to > s.from + grace && s.to > s.from + grace))
    if (alive.length > best.count) best = { count: alive.length, ids: alive.map((o) => o.id) }
  }
  for (const c of report.checkpoints) {
    const alive = c.processes.filter((p) => p.id !== 'root' && p.state !== 'Z')
    if (alive.length > best.count) best = { count: alive.length, ids: alive.map((p) => p.id) }
  }
  return best
}
