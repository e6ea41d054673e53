import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let doubleFork: RunReport
beforeAll(async () => {
  doubleFork = await runFixture(fixture('double-fork.py'))
})

describe('.toOutliveParent', () => {
  it('passes on the double-forked grandchild', () => {
    expect(doubleFork.process('root.1.1')).toOutliveParent()
  })

  it('fails on a child that ended first', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1')).toOutliveParent()).message).toMatchInlineSnapshot(`
      "expect(received).toOutliveParent()

      Expected root.1 to outlive its parent root, but it ended first (exit code 0).

      Expected: parents: root → a new parent
      Received: parents: root

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

describe('.not.toOutliveParent', () => {
  it('passes on a child that ended first', () => {
    expect(doubleFork.process('root.1')).not.toOutliveParent()
  })

  it('fails on the grandchild', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1.1')).not.toOutliveParent()).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toOutliveParent()

      Expected root.1.1 to end before its parent root.1, but it was still running when root.1 died, and was reparented.

      Expected: parents: root.1
      Received: parents: root.1 → the sentinel (pid N)

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})
