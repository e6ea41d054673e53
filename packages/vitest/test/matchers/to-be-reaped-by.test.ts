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

describe('.toBeReapedBy', () => {
  it('passes on the parent, the reaper, the clean-up, and a parent by id', () => {
    expect(doubleFork.process('root.1')).toBeReapedBy('parent')
    expect(doubleFork.process('root.1')).toBeReapedBy('root')
    expect(doubleFork.process('root.1.1')).toBeReapedBy('reaper')
    expect(ignoreTerm.process('root.1')).toBeReapedBy('cleanup')
  })

  it('fails on an orphan reaped by the reaper', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1.1')).toBeReapedBy('parent')).message)
      .toMatchInlineSnapshot(`
      "expect(received).toBeReapedBy("parent")

      Expected root.1.1 to be reaped by its parent, but it was reaped by the sentinel (pid N).

      Expected: reaped by its parent
      Received: reaped by the sentinel (pid N)

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

describe('.not.toBeReapedBy', () => {
  it('passes on another reaper', () => {
    expect(doubleFork.process('root.1.1')).not.toBeReapedBy('parent')
  })

  it('fails on the one that reaped it', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1')).not.toBeReapedBy('parent')).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toBeReapedBy("parent")

      Expected root.1 not to be reaped by its parent, but it was.

      Expected: not reaped by its parent
      Received: reaped by its parent root

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})
