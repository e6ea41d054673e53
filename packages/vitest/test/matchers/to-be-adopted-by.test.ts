import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let doubleFork: RunReport
beforeAll(async () => {
  doubleFork = await runFixture(fixture('double-fork.py'))
})

describe('.toBeAdoptedBy', () => {
  it('passes on the reaper, by role, by pid, and by kind once the report is known', async () => {
    const grandchild = doubleFork.process('root.1.1')
    expect(grandchild).toBeAdoptedBy('reaper')
    expect(grandchild).toBeAdoptedBy(doubleFork.reaper.pid)
    await expect(doubleFork).toLeaveNoZombies() // the report is now known
    expect(grandchild).toBeAdoptedBy('sentinel')
  })

  it('fails on a process that was never reparented', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1')).toBeAdoptedBy('reaper')).message)
      .toMatchInlineSnapshot(`
      "expect(received).toBeAdoptedBy("reaper")

      Expected root.1 to be adopted by the reaper, but it was never reparented.

      Expected: adopted by the reaper
      Received: parents: root

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })

  it('fails on another adopter', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1.1')).toBeAdoptedBy('root')).message)
      .toMatchInlineSnapshot(`
      "expect(received).toBeAdoptedBy("root")

      Expected root.1.1 to be adopted by root, but it was adopted by the sentinel (pid N).

      Expected: adopted by root
      Received: parents: root.1 → the sentinel (pid N)

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

describe('.not.toBeAdoptedBy', () => {
  it('passes on another adopter', () => {
    expect(doubleFork.process('root.1.1')).not.toBeAdoptedBy('root')
    expect(doubleFork.process('root.1.1')).not.toBeAdoptedBy(1)
  })

  it('fails on the adopter', () => {
    expect(failureOf(() => expect(doubleFork.process('root.1.1')).not.toBeAdoptedBy('reaper')).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toBeAdoptedBy("reaper")

      Expected root.1.1 not to be adopted by the reaper, but it was.

      Expected: not adopted by the reaper
      Received: parents: root.1 → the sentinel (pid N)

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

it('throws a TypeError on an adopter of the wrong kind', () => {
  expect(failureOf(() => expect(doubleFork.process('root.1.1')).toBeAdoptedBy(null as unknown as string)).message)
    .toMatchInlineSnapshot(`
    "expect(received).toBeAdoptedBy(expected)

    expected value must be "reaper", "sentinel", "init", "subreaper", a process id such as "root", or a pid.
    Received: null"
  `)
})
