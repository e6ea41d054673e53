import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let doubleFork: RunReport
let clean: RunReport
beforeAll(async () => {
  ;[doubleFork, clean] = await Promise.all([
    runFixture(fixture('double-fork.py')),
    runFixture(fixture('reaps-children.py')),
  ])
})

describe('.toLeaveNoOrphans', () => {
  it('passes when every child ended before its parent', async () => {
    await expect(clean).toLeaveNoOrphans()
  })

  it('fails on a double-forked grandchild, and names who adopted it', () => {
    const failure = failureOf(() => expect(doubleFork).toLeaveNoOrphans())
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toLeaveNoOrphans()

      Expected the run to leave no orphans, but 1 process (root.1.1) was still running when its parent died, and was adopted by the sentinel.

      Expected: no orphans
      Received: 1 orphan (root.1.1)

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
    expect(failure.timeline).toMatch(/root\.1\.1 +reparent +adopted by the reaper/)
  })
})

describe('.not.toLeaveNoOrphans', () => {
  it('passes when the run left an orphan', async () => {
    await expect(doubleFork).not.toLeaveNoOrphans()
  })

  it('fails when there was none', () => {
    expect(failureOf(() => expect(clean).not.toLeaveNoOrphans()).message).toMatchInlineSnapshot(`
      "expect(received).not.toLeaveNoOrphans()

      Expected the run to leave an orphan, but no process was still running when its parent died.

      Expected: at least 1 orphan
      Received: no orphans

      Processes:
      root reaps-children.py  ← exit code 0
      ├─ root.1 reaps-children.py  ← exit code 0
      └─ root.2 reaps-children.py  ← exit code 4"
    `)
  })
})

it('throws a TypeError naming what it received', () => {
  expect(failureOf(() => expect([doubleFork]).toLeaveNoOrphans()).message).toMatchInlineSnapshot(`
    "expect(received).toLeaveNoOrphans()

    received value must be a RunReport (from runFixture, startFixture or observeDescendants), or a function to observe.
    Received an array: an array of 1"
  `)
})
