import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let zombie: RunReport
let unreaped: RunReport
let clean: RunReport
beforeAll(async () => {
  ;[zombie, unreaped, clean] = await Promise.all([
    runFixture(fixture('zombie.py')),
    runFixture(fixture('never-reaped.py')),
    runFixture(fixture('reaps-children.py')),
  ])
})

describe('.toBeZombie', () => {
  it('passes on a zombie at a checkpoint (exact), given the checkpoint record', () => {
    expect(zombie.process('root.1')).toBeZombie(zombie.checkpoints[0])
  })

  it('passes on a zombie its parent never reaped (it died first)', () => {
    expect(unreaped.process('root.1')).toBeZombie()
  })

  it('takes a checkpoint by name once the report is known', async () => {
    await expect(unreaped).not.toLeaveNoZombies() // the report is now known
    expect(unreaped.process('root.1')).toBeZombie('child-exited')
  })

  it('does not count a zombie its parent reaps late: order decides, not time', () => {
    expect(zombie.process('root.1').zombie[0]!.to! - zombie.process('root.1').zombie[0]!.from).toBeGreaterThan(250)
    expect(zombie.process('root.1')).not.toBeZombie()
  })

  it('fails on a process running at the checkpoint', () => {
    expect(failureOf(() => expect(clean.process('root.1')).toBeZombie(clean.checkpoints[0])).message)
      .toMatchInlineSnapshot(`
      "expect(received).toBeZombie("both-running")

      Expected root.1 to be a zombie at checkpoint "both-running", but it was alive.

      Expected: a zombie at checkpoint "both-running"
      Received: alive at checkpoint "both-running"

      Processes:
      root reaps-children.py  ← exit code 0
      ├─ root.1 reaps-children.py  ← exit code 0
      └─ root.2 reaps-children.py  ← exit code 4"
    `)
  })

  it('fails on a process reaped in time', () => {
    expect(failureOf(() => expect(clean.process('root.2')).toBeZombie()).message).toMatchInlineSnapshot(`
      "expect(received).toBeZombie()

      Expected root.2 to be a zombie its parent never reaped, but its parent reaped it.

      Expected: never reaped by its parent
      Received: reaped by its parent

      Processes:
      root reaps-children.py  ← exit code 0
      ├─ root.1 reaps-children.py  ← exit code 0
      └─ root.2 reaps-children.py  ← exit code 4"
    `)
  })
})

describe('.not.toBeZombie', () => {
  it('passes on a running process at a checkpoint', () => {
    expect(clean.process('root.1')).not.toBeZombie(clean.checkpoints[0])
    expect(clean.process('root.1')).not.toBeZombie()
  })

  it('fails on a zombie at the checkpoint', () => {
    expect(failureOf(() => expect(zombie.process('root.1')).not.toBeZombie(zombie.checkpoints[0])).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toBeZombie("zombie")

      Expected root.1 not to be a zombie at checkpoint "zombie", but it was.

      Expected: not a zombie at checkpoint "zombie"
      Received: a zombie at checkpoint "zombie"

      Processes:
      root zombie.py  ← exit code 0
      └─ root.1 zombie.py  ← exit code 3"
    `)
  })
})

it("looks a checkpoint up by name through the process's report", () => {
  expect(failureOf(() => expect(clean.process('root.1')).toBeZombie('both-running')).message).toMatchInlineSnapshot(`
    "expect(received).toBeZombie("both-running")

    Expected root.1 to be a zombie at checkpoint "both-running", but it was alive.

    Expected: a zombie at checkpoint "both-running"
    Received: alive at checkpoint "both-running"

    Processes:
    root reaps-children.py  ← exit code 0
    ├─ root.1 reaps-children.py  ← exit code 0
    └─ root.2 reaps-children.py  ← exit code 4"
  `)
})

it('throws a TypeError on a checkpoint name when the process has no known report', () => {
  const copy = { ...clean.process('root.1') } // a copy is not a record of any report
  expect(() => expect(copy).toBeZombie('both-running')).toThrow(TypeError)
})
