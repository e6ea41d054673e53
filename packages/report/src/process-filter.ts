import { programOf } from './program.js'
import type { ProcessRecord } from './types.js'

/**
 * Which processes a check counts: a program's name (`'worker.js'`, `'sleep'`: a process whose
 * {@link programOf} or `comm` is that), a regular expression tested against the command line
 * (`argv` joined by spaces, or `comm` when it could not be read), or a predicate.
 */
export type ProcessFilter = string | RegExp | ((p: ProcessRecord) => boolean)

/** Whether a value is a {@link ProcessFilter}. */
export function isProcessFilter(value: unknown): value is ProcessFilter {
  return (typeof value === 'string' && value !== '') || value instanceof RegExp || typeof value === 'function'
}

/** The predicate a {@link ProcessFilter} stands for. */
export function matchesFilter(filter: ProcessFilter): (p: ProcessRecord) => boolean {
  if (typeof filter === 'function') return filter
  if (typeof filter === 'string') return (p) => programOf(p) === filter || p.comm === filter
  // A global or sticky expression keeps a position between tests: a fresh copy tests each line whole.
  const regexp = new RegExp(filter.source, filter.flags.replace(/[gy]/g, ''))
  return (p) => regexp.test(p.argv && p.argv.length > 0 ? p.argv.join(' ') : p.comm)
}

/** A filter in words, for messages: `worker.js`, `/worker/`, `the filter`. */
export function describeFilter(filter: ProcessFilter): string {
  if (typeof filter === 'string') return filter
  if (filter instanceof RegExp) return String(filter)
  return filter.name ? `the filter ${filter.name}` : 'the filter'
}
