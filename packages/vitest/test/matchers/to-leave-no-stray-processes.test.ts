import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { asyncFailureOf, failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'
import { exists } from '../helpers/processes.js'

let ignoreTerm: RunReport
let clean: RunReport
beforeAll(async () => {
  ;[ignoreTerm, clean] = await Promise.all([
    runFixture(fixture('ignore-term.py'), { settle: 100, killAfter: 100 }),
    runFixture(fixture('reaps-children.py')),
  ])
})

describe('.toLeaveNoStrayProcesses', () => {
  it('passes when everything ended before the run settled', async () => {
    await expect(clean).toLeaveNoStrayProcesses()
  })

  it('fails on a child still running after its parent exited, killed by the clean-up', () => {
    const failure = failureOf(() => expect(ignoreTerm).toLeaveNoStrayProcesses())
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toLeaveNoStrayProcesses()

      Expected every process to have ended when the run settled, but 1 process (root.1) was still running.

      Expected: no stray processes
      Received: 1 stray process (root.1)

      Processes:
      root ignore-term.py  ← exit code 0
      └─ root.1 ignore-term.py  ← orphan, adopted by the sentinel, stray, killed by cleanup (SIGKILL)"
    `)
    expect(failure.timeline).toMatch(/root\.1 +signal +SIGKILL \(cleanup\)/)
  })
})

describe('.not.toLeaveNoStrayProcesses', () => {
  it('passes when a process was left running', async () => {
    await expect(ignoreTerm).not.toLeaveNoStrayProcesses()
  })

  it('fails when there was none', () => {
    expect(failureOf(() => expect(clean).not.toLeaveNoStrayProcesses()).message).toMatchInlineSnapshot(`
      "expect(received).not.toLeaveNoStrayProcesses()

      Expected the run to leave a process running, but every process had ended when the run settled.

      Expected: at least 1 stray process
      Received: no stray processes

      Processes:
      root reaps-children.py  ← exit code 0
      ├─ root.1 reaps-children.py  ← exit code 0
      └─ root.2 reaps-children.py  ← exit code 4"
    `)
  })
})

describe('the callback form', () => {
  it('passes when the callback waited for its child', async () => {
    await expect(async () => {
      const child = spawn('sleep', ['0'], { stdio: 'ignore' })
      await once(child, 'exit')
    }).toLeaveNoStrayProcesses()
  })

  it('fails on a detached child still running when the callback returned, then kills it', async () => {
    let pid = 0
    const failure = await asyncFailureOf(() =>
      expect(async () => {
        const child = spawn('sleep', ['30'], { stdio: 'ignore', detached: true })
        child.unref()
        pid = child.pid!
      }).toLeaveNoStrayProcesses(),
    )
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toLeaveNoStrayProcesses()

      Expected every process to have ended when the callback returned, but 1 process (root.1) was still running.

      Expected: no stray processes
      Received: 1 stray process (root.1)

      Processes:
      root (the test process)  ← still running
      └─ root.1 sleep  ← stray, still running"
    `)
    await expect.poll(() => exists(pid), { timeout: 5000 }).toBe(false)
  })
})
