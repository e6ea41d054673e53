import pRetry, { AbortError } from 'p-retry'
import type { RunView } from '@proclife/report'
import { WaitForTimeoutError } from '../errors.js'
import type { WaitCondition, WaitForOptions } from './start-fixture.js'

/**
 * Polls the run's live view (bounded by `timeout`, default 10 s) until the condition holds;
 * `ended` says the run is over, and the wait fails at once. The error names what was awaited and
 * draws the run as it is now.
 */
export async function waitForView(
  view: () => RunView,
  ended: () => boolean,
  condition: WaitCondition,
  options: WaitForOptions = {},
): Promise<RunView> {
  const timeout = options.timeout ?? 10_000
  const what = options.description ?? (condition.name || 'the condition')
  try {
    return await pRetry(
      () => {
        const now = view()
        if (condition(now)) return now
        if (ended()) throw new AbortError(`the run ended first`)
        throw new Error('not yet')
      },
      { retries: Number.POSITIVE_INFINITY, minTimeout: 2, maxTimeout: 50, factor: 1.5, maxRetryTime: timeout },
    )
  } catch (error) {
    const reason = error instanceof Error && error.message !== 'not yet' ? error.message : `${timeout} ms passed`
    throw new WaitForTimeoutError(`Waited for ${what}, but ${reason}.\n\nThe run now:\n${view().picture}`)
  }
}
