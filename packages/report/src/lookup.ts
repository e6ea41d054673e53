import type { ProcessRecord, RunReport } from './types.js'

/** Finds one process of a report by id (`"root.1"`) or by a predicate. */
export type ProcessLookup = (which: string | ((p: ProcessRecord) => boolean)) => ProcessRecord

/** A {@link RunReport} with its lookup method (not enumerable, so JSON and equality ignore it). */
export type RunReportWithLookup = RunReport & { readonly process: ProcessLookup }

/**
 * Finds one process of a report; throws a TypeError listing the ids when there is none.
 *
 * @example
 * processOf(report, 'root.1').adopted // true
 */
export function processOf(report: RunReport, which: string | ((p: ProcessRecord) => boolean)): ProcessRecord {
  const found = typeof which === 'string' ? report.processes.find((p) => p.id === which) : report.processes.find(which)
  if (!found) {
    const wanted = typeof which === 'string' ? `"${which}"` : 'matching the predicate'
    throw new TypeError(
      `No process ${wanted} in this run. Its processes: ${report.processes.map((p) => p.id).join(', ') || 'none'}.`,
    )
  }
  return found
}

const owners = new WeakMap<ProcessRecord, RunReport>()

/**
 * The report a process record belongs to (for records taken from a report the runner built), so
 * that code holding one process — a matcher on `report.process('root.1')` — can draw its tree.
 */
export function reportOf(record: ProcessRecord): RunReportWithLookup | undefined {
  return owners.get(record) as RunReportWithLookup | undefined
}

/** Adds the non-enumerable `process()` method to a report, and remembers its records' owner. */
export function attachLookup(report: RunReport): RunReportWithLookup {
  for (const p of report.processes) owners.set(p, report)
  Object.defineProperty(report, 'process', {
    value: (which: string | ((p: ProcessRecord) => boolean)) => processOf(report, which),
    enumerable: false,
  })
  return report as RunReportWithLookup
}
