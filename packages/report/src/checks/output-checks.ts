import type { RunReport } from '../types.js'
import { defineRunCheck } from './define.js'
import { regex } from './params.js'

/** Lines of output a failed output check shows at most (then it says how many more there were). */
const SHOWN_LINES = 40
/** Characters of one shown line at most. */
const SHOWN_WIDTH = 200

function clip(line: string): string {
  return line.length > SHOWN_WIDTH ? `${line.slice(0, SHOWN_WIDTH)}…` : line
}

function linesOf(stdout: string): string[] {
  const trimmed = stdout.trim()
  return trimmed === '' ? [] : trimmed.split('\n')
}

/** What follows the shown lines when some were left out. */
function more(total: number): string {
  const left = total - SHOWN_LINES
  return left > 0 ? ` (and ${left} more line${left === 1 ? '' : 's'})` : ''
}

/** Facts of the output checks: the lines that matter (all of them, or the offending ones), numbered from 1. */
export interface OutputFacts {
  readonly lines: readonly { readonly n: number; readonly text: string }[]
}

const numbered = (report: RunReport): { n: number; text: string }[] =>
  linesOf(report.stdout).map((text, i) => ({ n: i + 1, text }))

/**
 * The pattern matches the root's stdout (multi-line mode). On failure the words quote the whole
 * output (up to {@link SHOWN_LINES} lines, as one JSON string, so the detail stays one line in
 * every format), not just its start: the line that should have matched may be anywhere.
 */
export const stdoutMatches = defineRunCheck<string, OutputFacts>({
  id: 'stdoutMatches',
  params: regex,
  names: { lab: 'stdoutMatches' },
  evaluate: (report, pattern) =>
    new RegExp(pattern, 'm').test(report.stdout)
      ? { pass: true, ids: [], facts: { lines: [] } }
      : { pass: false, ids: [], facts: { lines: numbered(report) } },
  asks: (pattern) => `output matches /${pattern}/`,
  saw: ({ pass, facts }, _report, pattern) => {
    if (pass) return 'the output matches'
    const shown = facts.lines
      .slice(0, SHOWN_LINES)
      .map((l) => clip(l.text))
      .join('\n')
    return `the output does not match /${pattern}/; it was: ${facts.lines.length === 0 ? '(nothing)' : `${JSON.stringify(shown)}${more(facts.lines.length)}`}`
  },
})

/**
 * No line of the root's stdout matches the pattern (tested line by line, so that a failure can
 * name the offending lines). On failure the words quote each of them with its line number.
 */
export const stdoutDoesNotMatch = defineRunCheck<string, OutputFacts>({
  id: 'stdoutDoesNotMatch',
  params: regex,
  names: { lab: 'stdoutDoesNotMatch' },
  evaluate: (report, pattern) => {
    const re = new RegExp(pattern)
    const offending = numbered(report).filter((l) => re.test(l.text))
    return { pass: offending.length === 0, ids: [], facts: { lines: offending } }
  },
  asks: (pattern) => `no line of the output matches /${pattern}/`,
  saw: ({ pass, facts }, _report, pattern) => {
    if (pass) return `no line of the output matches /${pattern}/`
    const shown = facts.lines
      .slice(0, SHOWN_LINES)
      .map((l) => `line ${l.n}: ${JSON.stringify(clip(l.text))}`)
      .join('; ')
    return `the output has ${facts.lines.length === 1 ? 'a line' : `${facts.lines.length} lines`} matching /${pattern}/: ${shown}${more(facts.lines.length)}`
  },
})
