import { UNDETERMINED_WORDS, type RunReport } from '@proclife/report'
import type { MatcherContext } from './context.js'
import { drawTree } from './tree.js'

/**
 * The error a zombie or orphan matcher throws when its answer hangs on processes the report could
 * not classify (`verdict.undetermined`). Thrown, not returned as a failure: neither `pass` nor
 * `.not` may turn an unknown into a verdict.
 */
export function undeterminedError(ctx: MatcherContext, matcherName: string, report: RunReport): Error {
  const ids = report.verdict.undetermined
  return new Error(
    `${ctx.utils.matcherHint(matcherName, 'received', '', { isNot: ctx.isNot, promise: ctx.promise })}\n\n` +
      `Cannot decide: for ${ids.join(', ')} ${UNDETERMINED_WORDS}.\n\n` +
      `Processes:\n${drawTree(report, { highlight: ids, mark: ctx.utils.RECEIVED_COLOR })}`,
  )
}
