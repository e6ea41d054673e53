import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  checkList,
  checks,
  checkTable,
  describeOutcome,
  evaluateCheck,
  parseSentinelEvent,
  replayEvents,
} from '../src/index.js'

describe('the registry of checks', () => {
  it('is the table in docs/checks.md (npm run docs:checks rewrites it)', () => {
    const doc = readFileSync(new URL('../../../docs/checks.md', import.meta.url), 'utf8')
    const table = /<!-- checks-table:start -->\n([\s\S]*?)\n<!-- checks-table:end -->/.exec(doc)?.[1]
    expect(table).toBe(checkTable())
  })

  it('gives each check one id, and a lab key that is its id (the lab schema and its types read it so)', () => {
    const ids = checkList.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const c of checkList) if (c.names.lab !== undefined) expect(c.names.lab).toBe(c.id)
  })

  it('gives each --assert name one check, with parameters its schema accepts', () => {
    const names = checkList.flatMap((c) => (c.names.assert ? [c.names.assert.name] : []))
    expect(new Set(names).size).toBe(names.length)
    for (const c of checkList) if (c.names.assert) expect(c.params.safeParse(c.names.assert.params).success).toBe(true)
  })
})

describe('docs/checks.md, its example as written', () => {
  const report = replayEvents(
    readFileSync(new URL('./streams/double-fork.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map(parseSentinelEvent),
  )

  it('passes on the grandchild of the double fork, still running when its parent died', () => {
    const outcome = evaluateCheck(checks.orphaned, report, 'root.1.1')
    expect(outcome.pass).toBe(true)
    expect(outcome.facts).toEqual({ adopted: true, orphaned: true, exited: true })
    expect(describeOutcome(checks.orphaned, outcome, report, 'root.1.1')).toBe(
      'root.1.1 was still running when its parent died, and was adopted by the reaper',
    )
  })

  it('fails on the child, whose parent outlived it', () => {
    const outcome = evaluateCheck(checks.orphaned, report, 'root.1')
    expect(outcome.pass).toBe(false)
    expect(describeOutcome(checks.orphaned, outcome, report, 'root.1')).toBe(
      'root.1 was never orphaned: its parent outlived it',
    )
  })
})

describe('nothingLeftRunning', () => {
  const report = replayEvents(
    readFileSync(new URL('./streams/zombie-reaped-late.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map(parseSentinelEvent),
  )

  it('passes on a run that ended by itself with nothing left', () => {
    expect(evaluateCheck(checks.nothingLeftRunning, report, true).pass).toBe(true)
  })

  it('fails on a run that timed out, even with nothing left in its tree: the harness ended it', () => {
    const timedOut = { ...report, timedOut: true }
    const outcome = evaluateCheck(checks.nothingLeftRunning, timedOut, true)
    expect(outcome.pass).toBe(false)
    expect(describeOutcome(checks.nothingLeftRunning, outcome, timedOut, true)).toBe(
      'the run timed out after 30000 ms and everything was killed',
    )
  })
})
