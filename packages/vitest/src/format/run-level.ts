import type { RunReport } from '@proclife/runner'
import { observeCallback } from '../callback/observe-callback.js'
import type { MatcherContext, MatcherResult } from './context.js'
import { A_REPORT_OR_CALLBACK, assertReport } from './received.js'
import { rememberReport } from './report-of.js'

/**
 * Runs a run-level matcher on a report, or — when it received a function — on the report of
 * observing the test process's descendants while that function runs (the callback form, the one
 * asynchronous path: it must be awaited).
 */
export function onReportOrCallback(
  ctx: MatcherContext,
  matcherName: string,
  expectedArg: string,
  received: unknown,
  evaluate: (report: RunReport) => MatcherResult,
): MatcherResult | Promise<MatcherResult> {
  if (typeof received === 'function') {
    return observeCallback(received as () => unknown).then((report) => {
      rememberReport(report)
      return evaluate(report)
    })
  }
  assertReport(ctx, matcherName, expectedArg, received, A_REPORT_OR_CALLBACK)
  rememberReport(received)
  return evaluate(received)
}
