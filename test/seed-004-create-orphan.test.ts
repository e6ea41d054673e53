// Seed 004: create an orphan by terminating the intermediate process of a chain.
import { describe, test } from 'vitest'
import { runFixture, startFixture } from '@proclife/runner'
import { fixture, HELD_SETTLE } from './helpers.js'

describe.concurrent('seed 004: create_orphan()', () => {
  test('faithful: the orphan is adopted at ~1 s; its 120 s sleep is ended by the run, as a stray', async ({
    expect,
  }) => {
    const report = await runFixture(fixture('python/create-orphan.py'), { settle: 200 })
    expect(report).toExitWith(0)
    const middle = report.process('root.1')
    const orphan = report.process('root.1.1')
    expect(report.stdout).toContain(`PID ${orphan.pid}`)
    expect(middle).toBeKilledBy('SIGTERM')
    expect(orphan).toOutliveParent()
    expect(orphan).toBeAdoptedByInit()
    expect(orphan.parents[1]?.at).toBeGreaterThan(900)
    // The seed's sleep(120) outlives everything: the run kills and reaps it. Never a zombie.
    expect(orphan.leftover).toBe(true)
    expect(orphan).toBeReapedBy('cleanup')
    expect(report.verdict).toEqual({
      zombies: [],
      orphans: ['root.1.1'],
      strays: ['root.1.1'],
      escaped: [],
      undetermined: [],
    })
  })

  test('deterministic: the reaper reaps the orphan when it ends, so it never becomes a zombie', async ({ expect }) => {
    const run = await startFixture(fixture('python/create-orphan-checkpoints.py'), {
      holdCheckpoints: ['terminate-middle', 'orphan-running'],
      settle: HELD_SETTLE,
    })
    await run.waitForCheckpoint('orphan-running')
    await run.waitForCheckpoint('terminate-middle')
    run.release('terminate-middle')
    const view = await run.waitFor((v) => v.rootExited && !v.alive.includes('root.1'), {
      description: 'main and middle to be gone',
    })
    expect(view.alive).toEqual(['root.1.1'])
    run.release('orphan-running')
    const report = await run.done
    const orphan = report.process('root.1.1')
    expect(report.process('root.1')).toBeKilledBy('SIGTERM')
    expect(orphan).toBeAdoptedByInit()
    expect(orphan).toHaveExitedWith(0)
    expect(orphan).toBeReapedBy('reaper')
    expect(report.verdict).toEqual({ zombies: [], orphans: ['root.1.1'], strays: [], escaped: [], undetermined: [] })
  })
})
