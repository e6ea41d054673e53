import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let together: RunReport
let oneByOne: RunReport
beforeAll(async () => {
  [together, oneByOne] = await Promise.all([runFixture(fixture('reaps-children.py')), runFixture(fixture('sequential.py'))])
})

describe('.toHaveAtMostConcurrentProcesses', () => {
  it('passes when children ran one after the other', async () => {
    await expect(oneByOne).toHaveSpawned(3)
    await expect(oneByOne).toHaveAtMostConcurrentProcesses(1)
  })

  it('fails when more ran at once, and names them', () => {
    expect(failureOf(() => expect(together).toHaveAtMostConcurrentProcesses(1)).message).toMatchInlineSnapshot(`
      "expect(received).toHaveAtMostConcurrentProcesses(1)

      Expected at most 1 process besides the root to be alive at once, but 2 were (root.1, root.2).

      Expected: at most 1 process at once
      Received: 2 processes at once

      Processes:
      root reaps-children.py  ← exit code 0
      ├─ root.1 reaps-children.py  ← exit code 0
      └─ root.2 reaps-children.py  ← exit code 4"
    `)
  })
})

describe('.not.toHaveAtMostConcurrentProcesses', () => {
  it('passes when more ran at once', async () => {
    await expect(together).not.toHaveAtMostConcurrentProcesses(1)
  })

  it('fails when they never did', () => {
    expect(failureOf(() => expect(oneByOne).not.toHaveAtMostConcurrentProcesses(2)).message).toMatchInlineSnapshot(`
      "expect(received).not.toHaveAtMostConcurrentProcesses(2)

      Expected more than 2 processes besides the root to be alive at once, but there were never more than 1.

      Expected: more than 2 processes at once
      Received: at most 1 process at once

      Processes:
      root sequential.py  ← exit code 0
      ├─ root.1 sequential.py  ← exit code 0
      ├─ root.2 sequential.py  ← exit code 0
      └─ root.3 sequential.py  ← exit code 0"
    `)
  })
})
