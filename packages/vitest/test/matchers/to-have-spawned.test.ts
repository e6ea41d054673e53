import { spawn } from 'node:child_process'
import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { asyncFailureOf, failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let report: RunReport
beforeAll(async () => {
  report = await runFixture(fixture('double-fork.py'))
})

describe('.toHaveSpawned', () => {
  it('passes on the number of processes besides the root', async () => {
    await expect(report).toHaveSpawned(2)
  })

  it('fails on another number', () => {
    expect(failureOf(() => expect(report).toHaveSpawned(1)).message).toMatchInlineSnapshot(`
      "expect(received).toHaveSpawned(1)

      Expected the run to spawn 1 process besides the root, but it spawned 2.

      Expected: 1 process
      Received: 2 processes

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

describe('.not.toHaveSpawned', () => {
  it('passes on another number', async () => {
    await expect(report).not.toHaveSpawned(3)
  })

  it('fails on the number spawned', () => {
    expect(failureOf(() => expect(report).not.toHaveSpawned(2)).message).toMatchInlineSnapshot(`
      "expect(received).not.toHaveSpawned(2)

      Expected the run not to spawn exactly 2 processes besides the root, but it did.

      Expected: not 2 processes
      Received: 2 processes

      Processes:
      root double-fork.py  ← exit code 0
      └─ root.1 double-fork.py  ← exit code 0
         └─ root.1.1 double-fork.py  ← orphan, adopted by the sentinel, exit code 7, reaped by the sentinel"
    `)
  })
})

describe('the callback form', () => {
  it('counts what the callback started (still running at its end: counted, then killed)', async () => {
    // A process that lives less than one sampling interval may be missed by an observation, so
    // these stay up until the callback returns; the callback form kills them afterwards.
    await expect(async () => {
      spawn('sleep', ['30'], { stdio: 'ignore' })
      spawn('sleep', ['30'], { stdio: 'ignore' })
    }).toHaveSpawned(2)
  })

  it('fails with the count', async () => {
    const failure = await asyncFailureOf(() => expect(async () => undefined).toHaveSpawned(1))
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toHaveSpawned(1)

      Expected the run to spawn 1 process besides the root, but it spawned 0.

      Expected: 1 process
      Received: 0 processes

      Processes:
      root (the test process)  ← still running"
    `)
  })
})

it('throws a TypeError on a count that is not a non-negative integer', () => {
  expect(failureOf(() => expect(report).toHaveSpawned(-1)).message).toMatchInlineSnapshot(`
    "expect(received).toHaveSpawned(expected)

    expected value must be a non-negative integer.
    Received: -1"
  `)
})
