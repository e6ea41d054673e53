import type { RunReport } from '@proclife/runner'

// The words for exits, reapers and counts are the report core's, written once there.
export { countIds, describeExit, describeReaper } from '@proclife/report'

/** When a run's end state was taken: `when the run settled`, or for an observation of this process `when the callback returned`. */
export function whenEnded(report: RunReport): string {
  const root = report.processes.find((p) => p.id === 'root')
  return root?.pid === process.pid ? 'when the callback returned' : 'when the run settled'
}
