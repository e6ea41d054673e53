import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let doubleFork: RunReport
beforeAll(async () => {
  doubleFork = await runFixture(fixture('double-fork.py'))
})

describe('.toMatchProcessTree', () => {
  it('passes on the normalised tree, written as an indented template literal', () => {
    expect(doubleFork).toMatchProcessTree(`
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel
    `)
  })

  it('is byte-identical across runs of the same fixture', async () => {
    const again = await Promise.all([1, 2, 3].map(() => runFixture(fixture('double-fork.py'))))
    for (const report of again)
      expect(report).toMatchProcessTree(`
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel
    `)
  })

  it('prints a report as the same tree through the snapshot serializer', () => {
    expect(doubleFork).toMatchInlineSnapshot(`
      RunReport (exit code 0; no zombies, 1 orphan (root.1.1), no strays)
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel
    `)
  })

  it('fails with a diff', () => {
    const failure = failureOf(() =>
      expect(doubleFork).toMatchProcessTree(`
      root python3  ← exit code 0
      └─ root.1 python3  ← exit code 0
    `),
    )
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toMatchProcessTree(expected)

      Expected the run's process tree to match the one given (diff below).

      Expected: the tree given
      Received: the tree drawn under Processes

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

describe('.not.toMatchProcessTree', () => {
  it('passes on another tree', () => {
    expect(doubleFork).not.toMatchProcessTree('root python3  ← exit code 0')
  })

  it('fails on the same tree', () => {
    const failure = failureOf(() =>
      expect(doubleFork).not.toMatchProcessTree(`
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel
    `),
    )
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).not.toMatchProcessTree(expected)

      Expected the run's process tree to differ from the one given, but it is the same.

      Expected: a different tree
      Received: the same tree

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})
