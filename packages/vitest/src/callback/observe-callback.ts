import { observeDescendants, type ObserveOptions, type RunReportWithLookup } from '@proclife/runner'
import { killLeftovers } from '../guard/kill-leftovers.js'

/** Options of {@link observe}: the observation's, and a bound on the callback. */
export interface ObserveCallbackOptions extends ObserveOptions {
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
 * Runs `callback` once while observing the descendants of the test process that it starts (those
 * that already existed are left out), and returns one report
 * to assert every verdict on — strays, zombies and orphans of the same run, so a racy shutdown shows
 * the same symptom in every assertion. Strict by default (`settle: 0`): a process still alive when
 * the callback's promise settled is a stray, and one that exited but was not yet reaped is a zombie
 * — code under test must have waited for its processes before it returns. What the callback left
 * running is killed afterwards, so a failing assertion does not leak into the next test. If the
 * callback throws, its error is thrown (after the clean-up).
 *
 * @example
 * const report = await observe(async () => { await pool.terminate() })
 * expect(report).toLeaveNoStrayProcesses()
 * expect(report).toLeaveNoZombies()
 */
export async function observe(callback: () => unknown, options: ObserveCallbackOptions = {}): Promise<RunReportWithLookup> {
  if (typeof callback !== 'function') throw new TypeError(`observe() needs a function to run; received ${callback === null ? 'null' : typeof callback}.`)
  const { timeout = 10_000, ...observeOptions } = options
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new RangeError(`observe(): timeout must be a positive number of milliseconds; received ${String(timeout)}.`)
  }
  // Only what the callback starts: a process that existed before it (a helper from beforeAll, or
  // an earlier test's child not yet reaped by Node) is not its doing.
  const observation = observeDescendants({ settle: 0, ignoreExisting: true, ...observeOptions })
  let failure: { error: unknown } | undefined
  let timedOut = false
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      Promise.resolve().then(callback),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new CallbackTimeout(timeout)), timeout) }),
    ])
  } catch (error) {
    if (error instanceof CallbackTimeout) timedOut = true
    else failure = { error }
  } finally {
    clearTimeout(timer)
  }
  const report = await observation.stop({ timedOut })
  await killLeftovers(report.processes.filter((p) => p.leftover && p.pid !== process.pid))
  if (failure) throw failure.error
  return report
}

/** The callback form of the run-level matchers: {@link observe} with its defaults. */
export const observeCallback = (callback: () => unknown, options: ObserveCallbackOptions = {}): Promise<RunReportWithLookup> => observe(callback, options)
