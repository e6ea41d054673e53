import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let doubleFork: RunReport
let ignoreTerm: RunReport
beforeAll(async () => {
  ;[doubleFork, ignoreTerm] = await Promise.all([
    runFixture(fixture('double-fork.py')),
    runFixture(fixture('ignore-term.py'), { settle: 100, killAfter: 100 }),
  ])
})

describe('.toHaveExitedWith', () => {
  it('passes on the exit code', () => {
    expect(doubleFork.process('root.1.1')).toHaveExitedWith(7)
  })

  it('fails on another code', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1.1')).toHaveExitedWith(0)).message).toMatchInlineSnapshot(`
      "expect(received).toHaveExitedWith(0)

      Expected root.1.1 to exit with code 0, but it ended with exit code 7.

      Expected: exit code 0
      Received: exit code 7

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })

  it('fails on a process killed by a signal', () => {
    expect(failureOf(() => expect(ignoreTerm.process('root.1')).toHaveExitedWith(0)).message).toMatchInlineSnapshot(`
      "expect(received).toHaveExitedWith(0)

      Expected root.1 to exit with code 0, but it ended with killed by SIGKILL.

      Expected: exit code 0
      Received: killed by SIGKILL

      Processes:
      root ignore-term.py  ← exit code 0
      └─ root.1 ignore-term.py  ← orphan, adopted by the sentinel, stray, killed by cleanup (SIGKILL)"
    `)
  })
})

describe('.not.toHaveExitedWith', () => {
  it('passes on another code', () => {
    expect(doubleFork.process('root.1.1')).not.toHaveExitedWith(0)
  })

  it('fails on the code', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1.1')).not.toHaveExitedWith(7)).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toHaveExitedWith(7)

      Expected root.1.1 not to exit with code 7, but it did.

      Expected: not exit code 7
      Received: exit code 7

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})
