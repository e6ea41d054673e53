import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let doubleFork: RunReport
beforeAll(async () => {
  doubleFork = await runFixture(fixture('double-fork.py'))
})

describe('.toBeAdoptedByInit', () => {
  it('passes on a grandchild whose parent died first', () => {
    expect(doubleFork.process('root.1.1')).toBeAdoptedByInit()
  })

  it('fails on a child that ended before its parent', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1')).toBeAdoptedByInit()).message).toMatchInlineSnapshot(`
      "expect(received).toBeAdoptedByInit()

      Expected root.1 to be adopted by the sentinel (pid N) after its parent died, but it ended (exit code 0) while root was alive.

      Expected: parents: root → the reaper
      Received: parents: root

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })

  it('names the reaper by kind, with the tree and timeline, once its report has been seen', async () => {
    await expect(doubleFork).toLeaveNoZombies()
    const failure = failureOf(() => expect(doubleFork.process('root.1')).toBeAdoptedByInit())
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toBeAdoptedByInit()

      Expected root.1 to be adopted by the sentinel (pid N) after its parent died, but it ended (exit code 0) while root was alive.

      Expected: parents: root → the reaper
      Received: parents: root

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
    expect(failure.timeline).toMatch(/root\.1 +exit +exit code 0/)
  })
})

describe('.not.toBeAdoptedByInit', () => {
  it('passes on a process that was not adopted', () => {
    expect(doubleFork.process('root.1')).not.toBeAdoptedByInit()
  })

  it('fails on an adopted one', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1.1')).not.toBeAdoptedByInit()).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toBeAdoptedByInit()

      Expected root.1.1 not to be adopted, but it outlived root.1 and was adopted by the sentinel (pid N).

      Expected: parents: root.1
      Received: parents: root.1 → the sentinel (pid N)

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

it('throws a TypeError on a report (it takes one process of it)', () => {
  expect(failureOf(() => expect(doubleFork).toBeAdoptedByInit()).message).toMatchInlineSnapshot(`
    "expect(received).toBeAdoptedByInit()

    received value must be one process of a RunReport (report.process("root.1")).
    Received an object: "report of double-fork.py" (a whole report)"
  `)
})
