import { visible } from '@proclife/proctable'
import type { ReportEvent, RunReport } from './types.js'

/** Options of {@link formatTimeline}. */
export interface TimelineOptions {
  /** Only events about these process ids (run-wide events are kept). */
  readonly ids?: readonly string[]
  /** Only events at or after this time (ms from run start). */
  readonly from?: number
  /** Only events at or before this time. */
  readonly to?: number
  /**
   * At most this many lines; the ones cut are counted in a last line.
   * @default 40
   */
  readonly limit?: number
}

const time = (ms: number): string => `${ms.toFixed(1).padStart(8)} ms`

/**
 * The timeline of a run as text, one event per line: time, process id, what happened, and `~` for
 * a sampled time (exact times have none). What a run wrote into an event (an argv) is shown through
 * {@link visible}.
 *
 * @example
 * ```text
 *      0.0 ms  root      spawn  python3 double-fork.py
 *     81.4 ms  root.1    exit   exit code 0
 *     81.5 ms  root.1.1  reparent  adopted by the reaper (4242) after 4243 died
 * ```
 */
export function formatTimeline(report: Pick<RunReport, 'events'>, options: TimelineOptions = {}): string {
  const ids = options.ids ? new Set(options.ids) : undefined
  const events = report.events.filter(
    (e: ReportEvent) =>
      (ids === undefined || e.id === null || ids.has(e.id)) &&
      (options.from === undefined || e.at >= options.from) &&
      (options.to === undefined || e.at <= options.to),
  )
  const limit = options.limit ?? 40
  const width = Math.max(4, ...events.map((e) => (e.id ?? '').length))
  const lines = events
    .slice(0, limit)
    .map((e) =>
      `${time(e.at)}${e.exact ? ' ' : '~'} ${(e.id ?? '').padEnd(width)}  ${e.kind.padEnd(10)} ${visible(e.detail)}`.trimEnd(),
    )
  if (events.length > limit) lines.push(`  … ${events.length - limit} more events`)
  return lines.join('\n')
}
