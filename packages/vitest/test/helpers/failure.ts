import { stripVTControlCharacters } from 'node:util'

/** A failure message as plain text, split into the part to snapshot and the timeline slice. */
export interface Failure {
  /** Everything above the timeline, colours stripped, pids replaced by `N`. */
  readonly message: string
  /** The timeline slice (times and pids vary between runs: assert on it separately). */
  readonly timeline: string
}

function split(error: unknown): Failure {
  if (!(error instanceof Error)) throw new Error(`expected an Error, got ${String(error)}`)
  const text = stripVTControlCharacters(error.message).replace(/pid \d+/g, 'pid N')
  const at = text.indexOf('\n\nTimeline')
  return at === -1 ? { message: text, timeline: '' } : { message: text.slice(0, at), timeline: text.slice(at + 2) }
}

/** Runs an assertion that must fail, and returns its message. */
export function failureOf(assertion: () => unknown): Failure {
  try {
    assertion()
  } catch (error) {
    return split(error)
  }
  throw new Error('the assertion passed, but it was expected to fail')
}

/** Awaits an assertion that must fail (the callback form), and returns its message. */
export async function asyncFailureOf(assertion: () => Promise<unknown>): Promise<Failure> {
  try {
    await assertion()
  } catch (error) {
    return split(error)
  }
  throw new Error('the assertion passed, but it was expected to fail')
}
