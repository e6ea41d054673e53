import { checks, describeFilter, isProcessFilter, peakConcurrency, type ProcessFilter } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { assertCount, expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'

/** Options of `toHaveAtMostConcurrentProcesses`. */
export interface ConcurrencyOptions {
  /**
   * Count only these processes: a program's name (`'worker.js'`), a regular expression tested
   * against the command line, or a predicate on each process. @default every process but the root
   */
  readonly filter?: ProcessFilter
}

const processes = (n: number, which: string): string => `${n} ${which}${n === 1 ? 'process' : 'processes'}`

/** The filter of the options, checked: a misuse is an error, never a pass. */
function filterOf(ctx: MatcherContext, options: unknown): ProcessFilter | undefined {
  if (options === undefined) return undefined
  const filter = typeof options === 'object' && options !== null ? (options as { filter?: unknown }).filter : options
  if (typeof options === 'object' && options !== null && filter === undefined) return undefined
  if (!isProcessFilter(filter))
    throw expectedTypeError(
      ctx,
      'toHaveAtMostConcurrentProcesses',
      options,
      "{ filter } with a program's name, a regular expression or a predicate",
    )
  return filter
}

/**
 * Passes when at no moment more than `limit` processes besides the root (or, with `filter`, of
 * those it keeps) were alive at once: `peakConcurrency` of the report core decides.
 */
export function toHaveAtMostConcurrentProcesses(
  this: MatcherContext,
  received: unknown,
  limit: unknown,
  options?: unknown,
): MatcherResult | Promise<MatcherResult> {
  assertCount(this, 'toHaveAtMostConcurrentProcesses', limit)
  const filter = filterOf(this, options)
  const which = filter === undefined ? '' : `${describeFilter(filter)} `
  const besides = filter === undefined ? ' besides the root' : ''
  const arg = filter === undefined ? String(limit) : `${limit}, { filter: ${describeFilter(filter)} }`
  return onReportOrCallback(this, 'toHaveAtMostConcurrentProcesses', 'expected', received, (report) => {
    // The registry's check has no filter yet: with one, the same rule (peakConcurrency) on the kept processes.
    const peak =
      filter === undefined ? checks.atMostConcurrent.evaluate(report, limit).facts : peakConcurrency(report, { filter })
    return {
      pass: peak.count <= limit,
      message: failureMessage(
        this,
        'toHaveAtMostConcurrentProcesses',
        this.isNot
          ? {
              expectedArg: arg,
              sentence: `Expected more than ${processes(limit, which)}${besides} to be alive at once, but there were never more than ${peak.count}.`,
              expected: `more than ${processes(limit, which)} at once`,
              received: `at most ${processes(peak.count, which)} at once`,
              report,
              ids: peak.ids,
            }
          : {
              expectedArg: arg,
              sentence: `Expected at most ${processes(limit, which)}${besides} to be alive at once, but ${peak.count} were (${peak.ids.join(', ')}).`,
              expected: `at most ${processes(limit, which)} at once`,
              received: `${processes(peak.count, which)} at once`,
              report,
              ids: peak.ids,
            },
      ),
    }
  })
}
