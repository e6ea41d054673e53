import { runFixture, type RunReportWithLookup as RunReport } from '@proclife/runner'
import { beforeAll, describe, expect, it } from 'vitest'
import { failureOf } from '../helpers/failure.js'
import { fixture } from '../helpers/fixtures.js'

let run: RunReport
beforeAll(async () => {
  run = await runFixture(fixture('alive-then-ended.py'))
  await expect(run).toLeaveNoZombies() // the report is now known: checkpoints by name
})

describe('.toBeAliveAt', () => {
  it('passes on a process alive at the checkpoint, by name or by record', () => {
    expect(run.process('root.1')).toBeAliveAt('child-running')
    expect(run.process('root.1')).toBeAliveAt(run.checkpoints.find((c) => c.name === 'child-running')!)
  })

  it('fails on a process that had ended, and says so', () => {
    expect(failureOf(() => expect(run.process('root.1')).toBeAliveAt('child-reaped')).message).toMatchInlineSnapshot(`
      "expect(received).toBeAliveAt("child-reaped")

      Expected root.1 to be alive at checkpoint "child-reaped", but it was ended: exited and reaped before it.

      Expected: alive at checkpoint "child-reaped"
      Received: ended: exited and reaped before it at checkpoint "child-reaped"

      Processes:
      root alive-then-ended.py  ← exit code 0
      └─ root.1 alive-then-ended.py  ← exit code 0"
    `)
  })

  it('fails on a zombie and on a process not started yet', () => {
    expect(failureOf(() => expect(run.process('root.1')).toBeAliveAt('child-exited')).message).toContain(
      'Expected root.1 to be alive at checkpoint "child-exited", but it was a zombie (exited, not yet reaped).',
    )
    expect(failureOf(() => expect(run.process('root.1')).toBeAliveAt('before-fork')).message).toContain(
      'Expected root.1 to be alive at checkpoint "before-fork", but it was not started yet.',
    )
  })

  it('refuses a checkpoint the run does not have, or none', () => {
    expect(() => expect(run.process('root.1')).toBeAliveAt('nope')).toThrow(
      'value must be one of the run\'s checkpoints ("before-fork", "child-running", "child-exited", "child-reaped")',
    )
    expect(() => expect(run.process('root.1')).not.toBeAliveAt('nope')).toThrow(
      "value must be one of the run's checkpoints",
    )
    expect(() => expect(run.process('root.1')).toBeAliveAt(undefined as never)).toThrow(
      'value must be a checkpoint name, or a checkpoint of the report',
    )
    expect(() => expect(run).toBeAliveAt('child-running')).toThrow(/value must be one process of a RunReport/)
  })
})

describe('.not.toBeAliveAt', () => {
  it('passes on a process that had ended, was a zombie, or was not started', () => {
    expect(run.process('root.1')).not.toBeAliveAt('child-reaped')
    expect(run.process('root.1')).not.toBeAliveAt('child-exited')
    expect(run.process('root.1')).not.toBeAliveAt('before-fork')
  })

  it('fails on a process alive at the checkpoint', () => {
    expect(failureOf(() => expect(run.process('root.1')).not.toBeAliveAt('child-running')).message)
      .toMatchInlineSnapshot(`
      "expect(received).not.toBeAliveAt("child-running")

      Expected root.1 to have ended at checkpoint "child-running", but it was alive.

      Expected: not alive at checkpoint "child-running"
      Received: alive at checkpoint "child-running"

      Processes:
      root alive-then-ended.py  ← exit code 0
      └─ root.1 alive-then-ended.py  ← exit code 0"
    `)
  })
})
