import { clockTicksPerSecond } from '@proclife/proctable'
import type { RunReport } from '@proclife/runner'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { assertCount } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'

/** The most processes besides the root that were alive at one moment, and which they were. */
export function peakConcurrency(report: RunReport): { readonly count: number; readonly ids: readonly string[] } {
  // Start times come from /proc start ticks, rounded down to one clock tick, and an exit is timed
  // when the sentinel handles it, which on a loaded machine can be tens of ms late. So a process
  // counts from the end of its start tick, and an overlap counts only when it lasted longer than
  // the run's grace (`zombieGrace`, as for zombies): a short one is never counted by mistake, a
  // long one always is. Checkpoints, where the whole tree was recorded at once, count exactly.
  const tick = 1000 / clockTicksPerSecond()
  const grace = report.options.zombieGrace
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

const processes = (n: number): string => `${n} ${n === 1 ? 'process' : 'processes'}`

/** Passes when at no moment more than `limit` processes besides the root were alive at once. */
export function toHaveAtMostConcurrentProcesses(this: MatcherContext, received: unknown, limit: unknown): MatcherResult | Promise<MatcherResult> {
  assertCount(this, 'toHaveAtMostConcurrentProcesses', limit)
  return onReportOrCallback(this, 'toHaveAtMostConcurrentProcesses', 'expected', received, (report) => {
    const peak = peakConcurrency(report)
    return {
      pass: peak.count <= limit,
      message: failureMessage(this, 'toHaveAtMostConcurrentProcesses', this.isNot
        ? {
            expectedArg: String(limit),
            sentence: `Expected more than ${processes(limit)} besides the root to be alive at once, but there were never more than ${peak.count}.`,
            expected: `more than ${processes(limit)} at once`, received: `at most ${processes(peak.count)} at once`, report, ids: peak.ids,
          }
        : {
            expectedArg: String(limit),
            sentence: `Expected at most ${processes(limit)} besides the root to be alive at once, but ${peak.count} were (${peak.ids.join(', ')}).`,
            expected: `at most ${processes(limit)} at once`, received: `${processes(peak.count)} at once`, report, ids: peak.ids,
          }),
    }
  })
}
