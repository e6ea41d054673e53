import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { asyncFailureOf, failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'
import { exists, startZombieHolder } from '../helpers/processes.js'

let zombie: RunReport
let late: RunReport
let clean: RunReport
beforeAll(async () => {
  ;[zombie, late, clean] = await Promise.all([
    runFixture(fixture('never-reaped.py')),
    runFixture(fixture('zombie.py')),
    runFixture(fixture('reaps-children.py')),
  ])
})

describe('.toLeaveNoZombies', () => {
  it('passes when every child was reaped by its parent', async () => {
    await expect(clean).toLeaveNoZombies()
  })

  it('passes when a parent reaps its child late: order decides, not time', async () => {
    await expect(late).toLeaveNoZombies()
  })

  it('fails on a child whose parent died without reaping it, and draws it', () => {
    const failure = failureOf(() => expect(zombie).toLeaveNoZombies())
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toLeaveNoZombies()

      Expected the run to leave no zombies, but 1 process (root.1) was never reaped by its parent (root.1: its parent died without reaping it, so it was handed to the sentinel as a zombie).

      Expected: no zombies
      Received: 1 zombie (root.1)

      Processes:
      root never-reaped.py  ← exit code 0
      └─ root.1 never-reaped.py  ← zombie, handed to the sentinel unreaped, exit code 3, reaped by the sentinel"
    `)
    expect(failure.timeline).toMatch(/root\.1 +exit +exit code 3/)
    expect(failure.timeline).toMatch(/root\.1 +reap +reaped by the reaper/)
  })
})

describe('.not.toLeaveNoZombies', () => {
  it('passes when the run left a zombie', async () => {
    await expect(zombie).not.toLeaveNoZombies()
  })

  it('fails when there was none', () => {
    const failure = failureOf(() => expect(clean).not.toLeaveNoZombies())
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).not.toLeaveNoZombies()

      Expected the run to leave a zombie, but every process that exited was reaped by its parent.

      Expected: at least 1 zombie
      Received: no zombies

      Processes:
      root reaps-children.py  ← exit code 0
      ├─ root.1 reaps-children.py  ← exit code 0
      └─ root.2 reaps-children.py  ← exit code 4"
    `)
  })
})

describe('the callback form', () => {
  it('observes what the callback starts, and passes when it waits for its children', async () => {
    await expect(async () => {
      const child = spawn('sh', ['-c', 'exit 0'], { stdio: 'ignore' })
      await once(child, 'exit')
    }).toLeaveNoZombies()
  })

  it('fails on a zombie left unreaped when the callback returned, and kills what the callback left', async () => {
    let started: Awaited<ReturnType<typeof startZombieHolder>> | undefined
    const failure = await asyncFailureOf(() =>
      expect(async () => {
        started = await startZombieHolder()
      }).toLeaveNoZombies(),
    )
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toLeaveNoZombies()

      Expected the run to leave no zombies, but 1 process (root.1.1) was never reaped by its parent (root.1.1: still a zombie at the end).

      Expected: no zombies
      Received: 1 zombie (root.1.1)

      Processes:
      root (the test process)  ← still running
      └─ root.1 sleep  ← stray, still running
         └─ root.1.1 sh  ← <defunct>, never reaped, exited (status unknown)"
    `)
    expect(failure.timeline).toMatch(/root\.1\.1 +exit/)
    // The holder (a stray) was killed after the observation; init then reaps its zombie.
    await expect.poll(() => exists(started!.holder.pid!) || exists(started!.zombie), { timeout: 10_000 }).toBe(false)
  })
})

it('throws a TypeError naming what it received', () => {
  expect(() => expect('zombie.py').toLeaveNoZombies()).toThrowError(TypeError)
  const failure = failureOf(() => expect({ pid: 1 }).not.toLeaveNoZombies())
  expect(failure.message).toMatchInlineSnapshot(`
    "expect(received).not.toLeaveNoZombies()

    received value must be a RunReport (from runFixture, startFixture or observeDescendants), or a function to observe.
    Received an object: Object {
      "pid": 1,
    }"
  `)
})
