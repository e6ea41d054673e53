import * as runner from '@proclife/runner'
import type { ProcessRecord, RunReport } from '@proclife/runner'

// A ProcessRecord does not point back to its report, yet a process matcher's message wants the
// whole tree and the timeline. Reports that pass through this package are remembered here; a
// runner that exports `reportOf(record)` is asked first (detected, so either runner works).
const seen = new WeakMap<ProcessRecord, RunReport>()

/** Remembers which report each of its processes belongs to. */
export function rememberReport(report: RunReport): void {
  for (const p of report.processes) if (!seen.has(p)) seen.set(p, report)
}

/** The report a process belongs to, when it is known. */
export function reportOf(record: ProcessRecord): RunReport | undefined {
  const fromRunner = (runner as Record<string, unknown>)['reportOf']
  if (typeof fromRunner === 'function') {
    const found = (fromRunner as (p: ProcessRecord) => RunReport | undefined)(record)
    if (found) return found
  }
  return seen.get(record)
}
