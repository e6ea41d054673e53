import type { ProcessRecord, RunReport } from '@proclife/runner'
import type { MatcherContext } from './context.js'
import { assertProcess } from './received.js'
import { reportOf } from './report-of.js'

/** A process matcher's received process, with its report when that is known. */
export interface ReceivedProcess {
  readonly p: ProcessRecord
  readonly report: RunReport | undefined
}

/** Checks that a matcher received one process of a report, and finds the report. */
export function receivedProcess(
  ctx: MatcherContext,
  matcherName: string,
  expectedArg: string,
  received: unknown,
): ReceivedProcess {
  assertProcess(ctx, matcherName, expectedArg, received)
  return { p: received, report: reportOf(received) }
}

/** Id of the process's parent at birth (`root.1` for `root.1.2`), or its birth parent's pid. */
export function birthParentName(p: ProcessRecord): string {
  const first = p.parents[0]
  return first?.id ?? (first ? `pid ${first.pid}` : 'its parent')
}
