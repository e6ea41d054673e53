import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let five: RunReport
let killed: RunReport
beforeAll(async () => {
  ;[five, killed] = await Promise.all([
    runFixture([process.execPath, fixture('exit-code.js'), '5']),
    runFixture(fixture('kill-self.py')),
  ])
})

describe('.toExitWith', () => {
  it('passes on the exit code of the root', () => {
    expect(five).toExitWith(5)
  })

  it('fails on another code', () => {
    expect(failureOf(() => expect(five).toExitWith(0)).message).toMatchInlineSnapshot(`
      "expect(received).toExitWith(0)

      Expected the root process to exit with code 0, but it exited with code 5.

      Expected: exit code 0
      Received: exit code 5

      Processes:
      root exit-code.js  ← exit code 5"
    `)
  })

  it('fails on a root killed by a signal', () => {
    expect(failureOf(() => expect(killed).toExitWith(0)).message).toMatchInlineSnapshot(`
      "expect(received).toExitWith(0)

      Expected the root process to exit with code 0, but it was killed by SIGTERM.

      Expected: exit code 0
      Received: killed by SIGTERM

      Processes:
      root kill-self.py  ← killed by SIGTERM"
    `)
  })
})

describe('.not.toExitWith', () => {
  it('passes on another code', () => {
    expect(five).not.toExitWith(0)
    expect(killed).not.toExitWith(0)
  })

  it('fails on that code', () => {
    expect(failureOf(() => expect(five).not.toExitWith(5)).message).toMatchInlineSnapshot(`
      "expect(received).not.toExitWith(5)

      Expected the root process not to exit with code 5, but it did.

      Expected: not exit code 5
      Received: exit code 5

      Processes:
      root exit-code.js  ← exit code 5"
    `)
  })
})

it('throws a TypeError on something that is not a report', () => {
  expect(failureOf(() => expect(five.process('root')).toExitWith(5)).message).toMatchInlineSnapshot(`
    "expect(received).toExitWith(expected)

    received value must be a RunReport (from runFixture, startFixture or observeDescendants).
    Received an object: "process root" (one process of a report)"
  `)
})
