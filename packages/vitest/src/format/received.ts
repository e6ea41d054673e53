import { REPORT_SCHEMA, type ProcessRecord, type RunReport } from '@proclife/report'
import type { MatcherContext } from './context.js'

/** Whether a value is a report of the schema this version reads (`proclife.run/v2`). */
export function isRunReport(value: unknown): value is RunReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { schema?: unknown }).schema === REPORT_SCHEMA &&
    Array.isArray((value as { processes?: unknown }).processes)
  )
}

/** Whether a value is one process of a report (`report.process('root.1')`). */
export function isProcessRecord(value: unknown): value is ProcessRecord {
  if (typeof value !== 'object' || value === null) return false
  const p = value as Partial<Record<keyof ProcessRecord, unknown>>
  return (
    typeof p.id === 'string' &&
    typeof p.pid === 'number' &&
    typeof p.startTicks === 'number' &&
    Array.isArray(p.parents)
  )
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name
    return name && name !== 'Object' ? `a ${name}` : 'an object'
  }
  return `a ${typeof value}`
}

const cut = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text)

/**
 * The error a matcher throws for a received value of the wrong kind. Thrown rather than returned
 * as a failure so that `.not` cannot turn a misuse into a pass.
 */
export function receivedTypeError(
  ctx: MatcherContext,
  matcherName: string,
  expectedArg: string,
  value: unknown,
  wanted: string,
): TypeError {
  const { matcherHint, printReceived, RECEIVED_COLOR } = ctx.utils
  const shown = isProcessRecord(value)
    ? printReceived(`process ${value.id}`) + ' (one process of a report)'
    : isRunReport(value)
      ? printReceived(`report of ${value.command.at(-1)?.split('/').at(-1) ?? 'a run'}`) + ' (a whole report)'
      : Array.isArray(value)
        ? `an array of ${value.length}`
        : typeof value === 'function'
          ? `[Function ${value.name || 'anonymous'}]`
          : cut(printReceived(value))
  return new TypeError(
    `${matcherHint(matcherName, 'received', expectedArg, { isNot: ctx.isNot, promise: ctx.promise })}\n\n` +
      `${RECEIVED_COLOR('received')} value must be ${wanted}.\n` +
      `Received ${kindOf(value)}: ${shown}`,
  )
}

/** What run-level matchers accept, in words. */
export const A_REPORT = 'a RunReport (from runFixture, startFixture or observeDescendants)'
/** What run-level matchers with a callback form accept, in words. */
export const A_REPORT_OR_CALLBACK = `${A_REPORT}, or a function to observe`
/** What process-level matchers accept, in words. */
export const A_PROCESS = 'one process of a RunReport (report.process("root.1"))'

/** Checks that a matcher received a report; throws the TypeError otherwise. */
export function assertReport(
  ctx: MatcherContext,
  matcherName: string,
  expectedArg: string,
  value: unknown,
  wanted = A_REPORT,
): asserts value is RunReport {
  if (!isRunReport(value)) throw receivedTypeError(ctx, matcherName, expectedArg, value, wanted)
}

/** Checks that a matcher received one process of a report; throws the TypeError otherwise. */
export function assertProcess(
  ctx: MatcherContext,
  matcherName: string,
  expectedArg: string,
  value: unknown,
): asserts value is ProcessRecord {
  if (!isProcessRecord(value)) throw receivedTypeError(ctx, matcherName, expectedArg, value, A_PROCESS)
}
