import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  checks,
  describeOutcome,
  evaluateCheck,
  parseSentinelEvent,
  replayEvents,
  type RunReport,
} from '../src/index.js'

// A recorded run (no process launched), given the output under test.
const stream = readFileSync(fileURLToPath(new URL('./streams/double-fork.jsonl', import.meta.url)), 'utf8')
  .trim()
  .split('\n')
  .map(parseSentinelEvent)
const withOutput = (stdout: string): RunReport => ({ ...replayEvents(stream), stdout })

/** A check's answer and its words, as a lab shows them. */
function answer(
  check: typeof checks.stdoutMatches,
  report: RunReport,
  pattern: string,
): { passed: boolean; detail: string } {
  const outcome = evaluateCheck(check, report, pattern)
  return { passed: outcome.pass, detail: describeOutcome(check, outcome, report, pattern) }
}
const stdoutMatches = (report: RunReport, pattern: string): { passed: boolean; detail: string } =>
  answer(checks.stdoutMatches, report, pattern)
const stdoutDoesNotMatch = (report: RunReport, pattern: string): { passed: boolean; detail: string } =>
  answer(checks.stdoutDoesNotMatch, report, pattern)

describe('stdoutMatches', () => {
  it('passes when any line matches', () => {
    expect(stdoutMatches(withOutput('a\nchild exited with 7\n'), '^child exited with 7$')).toEqual({
      passed: true,
      detail: 'the output matches',
    })
  })

  it('shows the whole output on failure, not just its first lines', () => {
    const lines = Array.from({ length: 8 }, (_, i) => `line ${i + 1}`)
    const { passed, detail } = stdoutMatches(withOutput(`${lines.join('\n')}\n`), '^done$')
    expect(passed).toBe(false)
    expect(detail).toBe(`the output does not match /^done$/; it was: ${JSON.stringify(lines.join('\n'))}`)
  })

  it('bounds a long output and says how much was left out', () => {
    const lines = Array.from({ length: 45 }, (_, i) => `l${i + 1}`)
    const { detail } = stdoutMatches(withOutput(lines.join('\n')), '^done$')
    expect(detail).toMatch(/l40"? \(and 5 more lines\)$/)
    expect(detail).not.toContain('l41')
  })

  it('says when there was no output', () => {
    expect(stdoutMatches(withOutput(''), 'x').detail).toBe('the output does not match /x/; it was: (nothing)')
  })
})

describe('stdoutDoesNotMatch', () => {
  it('passes when no line matches', () => {
    expect(stdoutDoesNotMatch(withOutput('[1] Stopped spin\n'), 'Running')).toEqual({
      passed: true,
      detail: 'no line of the output matches /Running/',
    })
  })

  it('names each offending line by its number', () => {
    const { passed, detail } = stdoutDoesNotMatch(withOutput('ok\n[1] Running a\nok\n[2] Running b\n'), 'Running')
    expect(passed).toBe(false)
    expect(detail).toBe('the output has 2 lines matching /Running/: line 2: "[1] Running a"; line 4: "[2] Running b"')
  })
})
