import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let killed: RunReport
let ignoreTerm: RunReport
beforeAll(async () => {
  ;[killed, ignoreTerm] = await Promise.all([
    runFixture(fixture('kill-self.py')),
    runFixture(fixture('ignore-term.py'), { settle: 100, killAfter: 100 }),
  ])
})

describe('.toBeKilledBy', () => {
  it('passes on the signal that ended the root (a report) or a process', () => {
    expect(killed).toBeKilledBy('SIGTERM')
    expect(killed).toBeKilledBy(15)
    expect(ignoreTerm.process('root.1')).toBeKilledBy('KILL')
  })

  it('fails on a root that exited normally', () => {
    expect(failureOf(() => expect(ignoreTerm).toBeKilledBy('SIGKILL')).message).toMatchInlineSnapshot(`
      "expect(received).toBeKilledBy("SIGKILL")

      Expected root to be killed by SIGKILL, but it exited with code 0.

      Expected: killed by SIGKILL
      Received: exit code 0

      Processes:
      root ignore-term.py  ← exit code 0
      └─ root.1 ignore-term.py  ← orphan, adopted by the sentinel, stray, killed by cleanup (SIGKILL)"
    `)
  })

  it('fails on a process killed by another signal', () => {
    expect(failureOf(() => expect(ignoreTerm.process('root.1')).toBeKilledBy('SIGTERM')).message)
      .toMatchInlineSnapshot(`
      "expect(received).toBeKilledBy("SIGTERM")

      Expected root.1 to be killed by SIGTERM, but it was killed by SIGKILL.

      Expected: killed by SIGTERM
      Received: killed by SIGKILL

      Processes:
      root ignore-term.py  ← exit code 0
      └─ root.1 ignore-term.py  ← orphan, adopted by the sentinel, stray, killed by cleanup (SIGKILL)"
    `)
  })
})

describe('.not.toBeKilledBy', () => {
  it('passes on another signal', () => {
    expect(killed).not.toBeKilledBy('SIGKILL')
    expect(ignoreTerm.process('root.1')).not.toBeKilledBy('SIGTERM')
  })

  it('fails on the signal that killed it', () => {
    expect(failureOf(() => expect(ignoreTerm.process('root.1')).not.toBeKilledBy('SIGKILL')).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toBeKilledBy("SIGKILL")

      Expected root.1 not to be killed by SIGKILL, but it was (sent by the clean-up).

      Expected: not killed by SIGKILL
      Received: killed by SIGKILL

      Processes:
      root ignore-term.py  ← exit code 0
      └─ root.1 ignore-term.py  ← orphan, adopted by the sentinel, stray, killed by cleanup (SIGKILL)"
    `)
  })
})

it('throws a TypeError on a signal that does not exist, and on a received value of the wrong kind', () => {
  expect(failureOf(() => expect(killed).toBeKilledBy('SIGNOPE')).message).toMatchInlineSnapshot(`
    "expect(received).toBeKilledBy(expected)

    expected value must be a signal name (such as "SIGTERM") or number.
    Received: "SIGNOPE""
  `)
  expect(failureOf(() => expect(42).toBeKilledBy('SIGTERM')).message).toMatchInlineSnapshot(`
    "expect(received).toBeKilledBy(expected)

    received value must be a RunReport (from runFixture, startFixture or observeDescendants), or one process of a RunReport (report.process("root.1")).
    Received a number: 42"
  `)
})
