import type { ProcessRecord, StopInterval } from './types.js'

/**
 * The first stop of the process that was later continued, decided by order: a stop span with an
 * end. With `by`, only a stop by that signal counts (`SIGTSTP`: ctrl-z at a terminal, or a shell
 * passing it on); a stop whose signal is not known (sampled capture) never matches a named one.
 * `undefined` when there is none.
 *
 * @example
 * ```ts
 * continuedStop(report.process('root.1'), 'SIGTSTP') // { signal: 'SIGTSTP', from: 210.4, to: 388.1 }
 * ```
 */
export function continuedStop(p: Pick<ProcessRecord, 'stopped'>, by?: string): StopInterval | undefined {
  return p.stopped.find((s) => s.to !== null && (by === undefined || s.signal === by))
}
