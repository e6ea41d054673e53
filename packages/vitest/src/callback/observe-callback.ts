import { observeDescendants, type ObserveOptions, type RunReport } from '@proclife/runner'
import { killLeftovers } from '../guard/kill-leftovers.js'

/**
 * Runs `callback` while observing the descendants of the test process, and returns the report.
 * Strict by default (`settle: 0`): a process still alive when the callback's promise settled is a
 * stray, and one that exited but was not yet reaped is a zombie — code under test must have waited
 * for its processes before it returns. What the callback left running is killed afterwards, so that
 * a failing assertion does not leak into the next test.
 */
export async function observeCallback(callback: () => unknown, options: ObserveOptions = {}): Promise<RunReport> {
  const observation = observeDescendants({ settle: 0, ...options })
  let failure: { error: unknown } | undefined
  try {
    await callback()
  } catch (error) {
    failure = { error }
  }
  const report = await observation.stop()
  await killLeftovers(report.processes.filter((p) => p.leftover && p.pid !== process.pid))
  if (failure) throw failure.error
  return report
}
