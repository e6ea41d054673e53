import type { RunReport } from '@proclife/report'

/** Lines of output a failed output check shows at most (then it says how many more there were). */
const SHOWN_LINES = 40
/** Characters of one shown line at most. */
const SHOWN_WIDTH = 200

/** The outcome of an output check, as `evaluateCheck` returns it (without ids). */
export interface OutputOutcome {
  readonly passed: boolean
  readonly detail: string
}

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

/**
 * `stdoutMatches`: the pattern matches the root's stdout (multi-line mode). On failure the detail
 * quotes the whole output (up to {@link SHOWN_LINES} lines, as one JSON string, so the detail stays
 * one line in every format), not just its start: the line that should have matched may be anywhere.
 */
export function stdoutMatches(report: RunReport, pattern: string): OutputOutcome {
  if (new RegExp(pattern, 'm').test(report.stdout)) return { passed: true, detail: 'the output matches' }
  const lines = linesOf(report.stdout)
  const shown = lines.slice(0, SHOWN_LINES).map(clip).join('\n')
  return { passed: false, detail: `the output does not match /${pattern}/; it was: ${lines.length === 0 ? '(nothing)' : `${JSON.stringify(shown)}${more(lines.length)}`}` }
}

/**
 * `stdoutDoesNotMatch`: no line of the root's stdout matches the pattern (tested line by line, so
 * that a failure can name the offending lines). On failure the detail quotes each of them with its
 * line number.
 */
export function stdoutDoesNotMatch(report: RunReport, pattern: string): OutputOutcome {
  const regex = new RegExp(pattern)
  const offending = linesOf(report.stdout).map((text, i) => ({ n: i + 1, text })).filter((l) => regex.test(l.text))
  if (offending.length === 0) return { passed: true, detail: `no line of the output matches /${pattern}/` }
  const shown = offending.slice(0, SHOWN_LINES).map((l) => `line ${l.n}: ${JSON.stringify(clip(l.text))}`).join('; ')
  return { passed: false, detail: `the output has ${offending.length === 1 ? 'a line' : `${offending.length} lines`} matching /${pattern}/: ${shown}${more(offending.length)}` }
}
