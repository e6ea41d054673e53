import { WaitForTimeoutError } from '../errors.js'
import type { BoundedOutput } from './output.js'

/** Which of the root's streams {@link waitForOutput} reads. */
export type OutputStream = 'stdout' | 'stderr'

/** Options of `FixtureRun.waitForOutput`. */
export interface WaitForOutputOptions {
  /**
   * Give up after this many milliseconds.
   * @default 10000
   */
  readonly timeout?: number
  /**
   * Read only this stream. By default both are read (on a terminal, everything is `stdout`).
   */
  readonly stream?: OutputStream
}

/** What `FixtureRun.waitForOutput` found. */
export interface OutputMatch {
  /** The stream it was found in. */
  readonly stream: OutputStream
  /** The text matched: `text` itself, or what the regular expression matched. */
  readonly match: string
  /** For a regular expression, its match (with groups); `null` for a text. */
  readonly groups: RegExpMatchArray | null
  /** The stream's whole output so far (as the report keeps it: at most `maxOutput` bytes). */
  readonly output: string
}

/**
 * Waits until the root's output contains `text` (or matches a regular expression), looking again
 * each time a chunk arrives: no polling, no sleep. Rejects with a {@link WaitForTimeoutError} after
 * `timeout` ms, or as soon as the streams have ended without it. Only the bytes the run keeps
 * (`maxOutput`) are searched.
 */
export function waitForOutput(
  streams: Readonly<Record<OutputStream, BoundedOutput>>,
  pattern: string | RegExp,
  options: WaitForOutputOptions = {},
): Promise<OutputMatch> {
  if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
    return Promise.reject(
      new TypeError(
        `waitForOutput() needs a text or a regular expression; received ${pattern === null ? 'null' : typeof pattern}.`,
      ),
    )
  }
  const timeout = options.timeout ?? 10_000
  const names: OutputStream[] = options.stream === undefined ? ['stdout', 'stderr'] : [options.stream]
  const what = typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)
  // A global or sticky expression keeps a position between tests: a fresh copy finds it anywhere.
  const regexp = typeof pattern === 'string' ? null : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
  const find = (): OutputMatch | null => {
    for (const stream of names) {
      const output = streams[stream].text()
      if (regexp === null) {
        if (output.includes(pattern as string)) return { stream, match: pattern as string, groups: null, output }
      } else {
        const groups = output.match(regexp)
        if (groups) return { stream, match: groups[0], groups, output }
      }
    }
    return null
  }
  return new Promise((resolve, reject) => {
    const stops: (() => void)[] = []
    const finish = (outcome: () => void): void => {
      clearTimeout(timer)
      for (const stop of stops) stop()
      outcome()
    }
    const check = (): void => {
      const found = find()
      if (found) return finish(() => resolve(found))
      if (names.every((name) => streams[name].done)) {
        finish(() =>
          reject(
            new WaitForTimeoutError(
              `Waited for the output to contain ${what}, but the run's ${names.join(' and ')} ended without it.\n\nThe output:\n${shown(streams, names)}`,
            ),
          ),
        )
      }
    }
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new WaitForTimeoutError(
              `Waited for the output to contain ${what}, but ${timeout} ms passed.\n\nThe output so far:\n${shown(streams, names)}`,
            ),
          ),
        ),
      timeout,
    )
    for (const name of names) stops.push(streams[name].onChange(check))
    check()
  })
}

/** The end of what the streams said, for an error message. */
function shown(streams: Readonly<Record<OutputStream, BoundedOutput>>, names: readonly OutputStream[]): string {
  const parts = names.map((name) => {
    const text = streams[name].text()
    const tail = text.length > 2000 ? `…${text.slice(-2000)}` : text
    return `${name}: ${tail === '' ? '(nothing)' : JSON.stringify(tail)}`
  })
  return parts.join('\n')
}
