/**
 * Characters that act on a terminal rather than show on it: C0 controls (ESC starts an escape
 * sequence: clear the screen, set the window title, write the clipboard with OSC 52), DEL, C1
 * controls (U+009B is a CSI on some terminals), the line and paragraph separators, and the
 * bidirectional overrides and isolates (they reorder what a line shows).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
// The same, but newline and tab: the layout of a multi-line excerpt (a program's output).
// eslint-disable-next-line no-control-regex
const UNSAFE_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const NAMED: Partial<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** Options of {@link visible}. */
export interface VisibleOptions {
  /**
   * Keep newlines and tabs as they are: for a multi-line excerpt that the caller indents line by
   * line, so that no line of it starts where the caller's own lines do. @default false
   */
  readonly keepLines?: boolean
}

/**
 * A string that came from a run (a process name, an argument, a program's output, a file or
 * folder name) made safe to print: every control character and escape shown as an escape
 * (`\x1b[2J`, `\n`, `\u202e`) instead of acting on the terminal, so that it can neither clear the
 * screen, set a title, write the clipboard, nor start a line of its own. Every text renderer of
 * proclife (tree pictures, timelines, the grader's text report and batch lines, the CLI) shows run
 * strings through this one function.
 *
 * @example
 * ```ts
 * visible('evil\x1b[2J\nok') // 'evil\\x1b[2J\\nok'
 * ```
 */
export function visible(text: string, options: VisibleOptions = {}): string {
  return text.replace(options.keepLines ? UNSAFE_BUT_LAYOUT : UNSAFE, (c) => {
    const code = c.charCodeAt(0)
    return (
      NAMED[c] ??
      (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
    )
  })
}
