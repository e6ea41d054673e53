import { describeLeftRunningRule, type ObservationEnd } from '@proclife/report'
import type { RunReport } from '@proclife/runner'

// The words for exits, reapers and counts are the report core's, written once there.
export { countIds, describeExit, describeReaper } from '@proclife/report'

// Reports of `observe` (and the callback-form matchers): their observation ended when the callback
// returned. Other reports rooted at this process come from a handle (`watchProcesses`,
// `observeDescendants`), stopped by hand.
const fromCallbacks = new WeakSet<RunReport>()

/** Marks a report as the observation of a callback (`observe`), for {@link endOf}. */
export function markCallbackReport(report: RunReport): void {
  fromCallbacks.add(report)
}

/** Which event ended a report's observation: a fixture run's settling, a callback's return, or a stop() by hand. */
export function endOf(report: RunReport): ObservationEnd {
  if (fromCallbacks.has(report)) return 'callback'
  const root = report.processes.find((p) => p.id === 'root')
  return root?.pid === process.pid ? 'stop' : 'run'
}

/**
 * When a report's end state was judged, by the one rule for "left running": `when the run
 * settled`, `when the callback returned` (strict), `1000 ms after the callback returned`.
 */
export function whenEnded(report: RunReport): string {
  return describeLeftRunningRule(endOf(report), report.options.settle)
}
