import { observeDescendants, type ObserveOptions, type RunReportWithLookup } from '@proclife/runner'
import { killLeftovers } from '../guard/kill-leftovers.js'

/**
 * Options of {@link watchProcesses} and `observe`: those of `observeDescendants`, but strict by
 * default (`settle: 0`).
 */
export interface WatchOptions extends ObserveOptions {
  /**
   * How long, in ms, a process still alive when the observation ends may take to end by itself
   * before it is a stray (the one rule for "left running": `SETTLE_MS` of `@proclife/report`,
   * 1000, is the default of `runFixture` and the leak guard). `0` is the strict mode: a process
   * still alive when the callback returned (or `stop()` was called) is a stray, and one that
   * exited but was not yet reaped is a zombie — code under test must have waited for its
   * processes before it returns.
   * @default 0
   */
  readonly settle?: number
}

/** A running observation of the test process's descendants, from {@link watchProcesses}. */
export interface ProcessWatch {
  /**
   * Ends the observation (the event the strict rule judges at), waits `settle` ms at most for
   * what is still alive, and returns the report; then kills what was left running, by identity,
   * so that a failing assertion does not leak into the next test. Calling it again returns the
   * same report.
   */
  stop(): Promise<RunReportWithLookup>
}

/**
 * Starts observing the test process's descendants — those it has already (a pool created in
 * `beforeEach`: `existedBefore: true` in the report) and those started from now on — for code that
 * does not fit in one callback. proclife's own processes (the leak guard's watcher, a run's
 * sentinel) are never in the report.
 *
 * @example
 * const watch = watchProcesses()
 * await pool.terminate()
 * const report = await watch.stop()
 * await expect(report).toLeaveNoStrayProcesses()
 */
export function watchProcesses(options: WatchOptions = {}): ProcessWatch {
  const watch = startWatch(options)
  return { stop: () => watch.stop(false) }
}

/** {@link watchProcesses} for `observe`, whose `stop` also says whether the callback ran out of time. */
export function startWatch(options: WatchOptions): { stop(timedOut: boolean): Promise<RunReportWithLookup> } {
  const observation = observeDescendants({ settle: 0, ...options })
  let stopped: Promise<RunReportWithLookup> | undefined
  return {
    stop(timedOut) {
      stopped ??= observation.stop({ timedOut }).then(async (report) => {
        await killLeftovers(report.processes.filter((p) => p.leftover && p.pid !== process.pid))
        return report
      })
      return stopped
    },
  }
}
