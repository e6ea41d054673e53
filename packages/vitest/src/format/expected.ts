import type { MatcherContext } from './context.js'

/** Throws a TypeError when a matcher's argument is not a non-negative integer. */
export function assertCount(ctx: MatcherContext, matcherName: string, value: unknown): asserts value is number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return
  throw new TypeError(
    `${ctx.utils.matcherHint(matcherName, 'received', 'expected', { isNot: ctx.isNot, promise: ctx.promise })}\n\n` +
      `${ctx.utils.EXPECTED_COLOR('expected')} value must be a non-negative integer.\n` +
      `Received: ${ctx.utils.printExpected(value)}`,
  )
}

/** Throws a TypeError naming what a matcher's argument should have been. */
export function expectedTypeError(ctx: MatcherContext, matcherName: string, value: unknown, wanted: string): TypeError {
  return new TypeError(
    `${ctx.utils.matcherHint(matcherName, 'received', 'expected', { isNot: ctx.isNot, promise: ctx.promise })}\n\n` +
      `${ctx.utils.EXPECTED_COLOR('expected')} value must be ${wanted}.\n` +
      `Received: ${ctx.utils.printExpected(value)}`,
  )
}
