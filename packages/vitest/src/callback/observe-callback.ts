import type { RunReportWithLookup } from '@proclife/runner'
import { markCallbackReport } from '../format/status.js'
import { startWatch, type WatchOptions } from './watch-processes.js'

/** Options of {@link observe}: the observation's (strict by default), and a bound on the callback. */
export interface ObserveCallbackOptions extends WatchOptions {
  /**
   * How long the callback may take. Past it the observation stops without waiting for the
   * callback any longer, the report says `timedOut: true`, and what it started is killed. A
   * JavaScript function cannot be stopped from outside: it may go on, but its processes do not.
   * @default 10000
   */
  readonly timeout?: number
}

/** The callback did not finish within its bound: its report is attached. */
class CallbackTimeout {
  constructor(readonly ms: number) {}
}

/**
 * Runs `callback` once while observing the test process's descendants — those that already exist
 * (a pool created in `beforeEach`, marked `existedBefore` and "started before the observation")
 * and those the callback starts — and returns one report to assert every verdict on: strays,
 * zombies and orphans of the same run, so a racy shutdown shows the same symptom in every
 * assertion. proclife's own processes (the leak guard's watcher, a run's sentinel) are never in
 * it; `ignoreExisting: true` leaves out what existed before, `ignore` some processes.
 *
 * Strict by default (`settle: 0`): a process still alive when the callback's promise settled is a
 * stray, and one that exited but was not yet reaped is a zombie — code under test must have waited
 * for its processes before it returns. With `settle: n`, a process has `n` ms more to end (the one
 * rule for "left running", shared with `runFixture` and the leak guard). What the callback left
 * running is killed afterwards, so a failing assertion does not leak into the next test. If the
 * callback throws, its error is thrown (after the clean-up).
 *
 * @example
 * const report = await observe(() => pool.terminate())
 * await expect(report).toLeaveNoStrayProcesses()
 * await expect(report).toLeaveNoZombies()
 */
export async function observe(
  callback: () => unknown,
  options: ObserveCallbackOptions = {},
): Promise<RunReportWithLookup> {
  if (typeof callback !== 'function')
    throw new TypeError(`observe() needs a function to run; received ${callback === null ? 'null' : typeof callback}.`)
  const { timeout = 10_000, ...watchOptions } = options
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new RangeError(`observe(): timeout must be a positive number of milliseconds; received ${String(timeout)}.`)
  }
  const watch = startWatch(watchOptions)
  let failure: { error: unknown } | undefined
  let timedOut = false
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      Promise.resolve().then(callback),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CallbackTimeout(timeout)), timeout)
      }),
    ])
  } catch (error) {
    if (error instanceof CallbackTimeout) timedOut = true
    else failure = { error }
  } finally {
    clearTimeout(timer)
  }
  const report = await watch.stop(timedOut)
  markCallbackReport(report)
  if (failure) throw failure.error
  return report
}

/** The callback form of the run-level matchers: {@link observe} with its defaults. */
export const observeCallback = (
  callback: () => unknown,
  options: ObserveCallbackOptions = {},
): Promise<RunReportWithLookup> => observe(callback, options)
