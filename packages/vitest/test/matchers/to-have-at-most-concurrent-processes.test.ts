import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let together: RunReport
let oneByOne: RunReport
// Two sleeps, then a cat while both are still alive (they are strays, killed at once: settle 0).
let mixed: RunReport
beforeAll(async () => {
  ;[together, oneByOne, mixed] = await Promise.all([
    runFixture(fixture('reaps-children.py')),
    runFixture(fixture('sequential.py')),
    runFixture(['sh', '-c', 'sleep 30 & sleep 30 & cat </dev/null; exit 0'], { settle: 0 }),
  ])
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

describe('.toHaveAtMostConcurrentProcesses with a filter', () => {
  it('counts only the processes the filter keeps: a program, a command line, a predicate', async () => {
    await expect(mixed).not.toHaveAtMostConcurrentProcesses(2)
    await expect(mixed).toHaveAtMostConcurrentProcesses(2, { filter: 'sleep' })
    await expect(mixed).toHaveAtMostConcurrentProcesses(1, { filter: /^cat\b/ })
    await expect(mixed).toHaveAtMostConcurrentProcesses(0, { filter: (p) => p.comm === 'python3' })
  })

  it('fails naming the filter and the processes it kept', () => {
    expect(
      failureOf(() => expect(mixed).toHaveAtMostConcurrentProcesses(1, { filter: 'sleep' })).message.split(
        '\n\nProcesses:',
      )[0],
    ).toMatchInlineSnapshot(`
      "expect(received).toHaveAtMostConcurrentProcesses(1, { filter: sleep })

      Expected at most 1 sleep process to be alive at once, but 2 were (root.1, root.2).

      Expected: at most 1 sleep process at once
      Received: 2 sleep processes at once"
    `)
  })

  it('.not fails when the kept processes never were more', () => {
    expect(
      failureOf(() => expect(mixed).not.toHaveAtMostConcurrentProcesses(1, { filter: /^cat\b/ })).message.split(
        '\n\nProcesses:',
      )[0],
    ).toMatchInlineSnapshot(`
      "expect(received).not.toHaveAtMostConcurrentProcesses(1, { filter: /^cat\\b/ })

      Expected more than 1 /^cat\\b/ process to be alive at once, but there were never more than 1.

      Expected: more than 1 /^cat\\b/ process at once
      Received: at most 1 /^cat\\b/ process at once"
    `)
  })

  it('refuses a filter of the wrong kind', () => {
    expect(() => expect(mixed).toHaveAtMostConcurrentProcesses(1, { filter: 3 } as never)).toThrow(
      /value must be \{ filter \} with a program's name, a regular expression or a predicate/,
    )
  })
})
