import { sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where a spawn was called from, read off its stack. */
export interface Caller {
  /**
   * `file:line:column` of the test's own code: a frame in the running test's file if the stack
   * has one, else the first frame in the user's files (neither node's, nor a dependency's under
   * node_modules, nor proclife's).
   */
  readonly site: string | undefined
  /**
   * The frame nearest the spawn that is not node's nor proclife's — the library's own call to
   * child_process (a pool's fork) — when it is not {@link site} itself.
   */
  readonly through: string | undefined
}

/** `file:line:column` of one stack line, as a path; `undefined` for node's internals (`node:…`) and native frames. */
function frameOf(line: string): string | undefined {
  const at = /\(?((?:file:\/\/)?\/[^()]*?:\d+:\d+)\)?\s*$/.exec(line)?.[1]
  if (!at) return undefined
  if (!at.startsWith('file://')) return at
  const position = at.search(/:\d+:\d+$/)
  return fileURLToPath(at.slice(0, position)) + at.slice(position)
}

const fileOf = (frame: string): string => frame.replace(/:\d+:\d+$/, '')

/**
 * Reads a spawn's stack (from the spawn hook, innermost first): past node's frames and proclife's
 * own (under `own`), the nearest frame is the library's call, and the test's code is further out,
 * past the library's frames (under node_modules).
 */
export function callerOf(
  stack: string | undefined,
  options: { readonly own: string; readonly testFile?: string | undefined },
): Caller {
  const frames = (stack?.split('\n').slice(1) ?? [])
    .map(frameOf)
    .filter((f): f is string => f !== undefined && !f.startsWith(options.own))
  const library = (f: string): boolean => f.includes(`${sep}node_modules${sep}`)
  const site =
    (options.testFile === undefined ? undefined : frames.find((f) => fileOf(f) === options.testFile)) ??
    frames.find((f) => !library(f))
  const through = frames[0] !== undefined && frames[0] !== site ? frames[0] : undefined
  return { site, through }
}

/**
 * Calls `read` with room for a deep stack: a pool's fork is often more than ten frames (V8's
 * default) below the test's line.
 */
export function withDeepStack<T>(read: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = Math.max(limit, 64)
  try {
    return read()
  } finally {
    Error.stackTraceLimit = limit
  }
}
