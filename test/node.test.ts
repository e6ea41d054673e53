// The Node.js equivalents of the seeds' scenarios (fixtures/node/), side by side with Python's.
import { describe, test } from 'vitest'
import { runFixture, startFixture } from '@proclife/runner'
import { fixture, HELD_SETTLE, node, stateAt } from './helpers.js'

describe.concurrent('Node equivalents', () => {
  test("a detached, unref'd child outlives its parent and is adopted (cf. orphan.py, os._exit)", async ({ expect }) => {
    const run = await startFixture(fixture('node/detached-unref.mjs'), {
      holdCheckpoints: ['orphan-running'],
      settle: HELD_SETTLE,
    })
    await run.waitForCheckpoint('orphan-running')
    await run.waitFor((v) => v.rootExited, { description: 'the parent to exit' })
    run.release('orphan-running')
    const report = await run.done
    expect(report).toExitWith(0)
    expect(report.process('root.1')).toOutliveParent()
    expect(report.process('root.1')).toBeAdoptedByInit()
    expect(report.process('root.1')).toBeReapedBy('reaper')
    expect(report.verdict).toEqual({ zombies: [], orphans: ['root.1'], strays: [], escaped: [], undetermined: [] })
  })

  test('faithful: a child stays <defunct> while the event loop is blocked for a second (cf. fork-zombie.py)', async ({
    expect,
  }) => {
    const report = await runFixture(fixture('node/blocked-event-loop.mjs'))
    const child = report.process('root.1')
    expect(child).toBeReapedBy('parent') // once the loop ran again
    // Held <defunct> for the second the loop was blocked (load can only make it longer)...
    await expect(report).not.toReapChildrenWithin(800)
    // ...but reaped by its own parent in the end: not a zombie of the run's verdict.
    expect(child).not.toBeZombie()
    expect(report.stdout).toContain('child exited with 0')
    expect(report.verdict.zombies).toEqual([])
  })

  test('deterministic: state Z at a synchronous checkpoint taken while the loop is blocked', async ({ expect }) => {
    const report = await runFixture(node('blocked-event-loop.mjs', 'checkpoint'))
    expect(report.process('root.1')).toBeZombie(report.checkpoints.find((c) => c.name === 'loop-blocked'))
    expect(stateAt(report, 'loop-blocked', 'root.1')).toBe('Z')
    expect(report.process('root.1')).toBeReapedBy('parent')
    await expect(report).toLeaveNoOrphans()
  })

  test("returning with a child running: Node waits for it, like multiprocessing's join at exit (cf. seed 000)", async ({
    expect,
  }) => {
    const run = await startFixture(node('exit-with-children.mjs', 'natural'), { holdCheckpoints: ['child-running'] })
    await run.waitForCheckpoint('child-running')
    expect(run.view().rootExited).toBe(false)
    run.release('child-running')
    const report = await run.done
    expect(report.stdout).toContain('child exited with 0')
    expect(report.process('root.1')).toBeReapedBy('parent')
    await expect(report).toLeaveNoOrphans()
    await expect(report).toLeaveNoZombies()
  })

  test('process.exit() with a child running orphans it, like os._exit() (cf. orphan-main-os-exit.py)', async ({
    expect,
  }) => {
    const run = await startFixture(node('exit-with-children.mjs', 'exit'), {
      holdCheckpoints: ['child-running'],
      settle: HELD_SETTLE,
    })
    await run.waitForCheckpoint('child-running')
    await run.waitFor((v) => v.rootExited, { description: 'the parent to exit' })
    run.release('child-running')
    const report = await run.done
    expect(report.stdout).not.toContain('child exited')
    expect(report.process('root.1')).toBeAdoptedByInit()
    expect(report.process('root.1')).toBeReapedBy('reaper')
    expect(report.verdict.orphans).toEqual(['root.1'])
  })

  test('a chain with a killed middle process orphans the leaf (cf. orphan-chain.py, create-orphan.py)', async ({
    expect,
  }) => {
    const run = await startFixture(fixture('node/killed-middle.mjs'), {
      holdCheckpoints: ['terminate-middle', 'leaf-running'],
      settle: HELD_SETTLE,
    })
    await run.waitForCheckpoint('leaf-running')
    await run.waitForCheckpoint('terminate-middle')
    run.release('terminate-middle')
    const view = await run.waitFor((v) => v.rootExited && !v.alive.includes('root.1'), {
      description: 'root and middle to be gone',
    })
    expect(view.alive).toEqual(['root.1.1'])
    run.release('leaf-running')
    const report = await run.done
    expect(report.stdout).toContain('middle ended by SIGTERM')
    expect(report.process('root.1')).toBeKilledBy('SIGTERM')
    expect(report.process('root.1.1')).toBeAdoptedByInit()
    expect(report.process('root.1.1')).toBeReapedBy('reaper')
    expect(report.verdict).toEqual({ zombies: [], orphans: ['root.1.1'], strays: [], escaped: [], undetermined: [] })
  })

  test('a child_process.fork pool shut down correctly leaves nothing', async ({ expect }) => {
    const report = await runFixture(node('fork-pool.mjs', 'clean'))
    expect(report.stdout).toContain('results 1 4 9')
    expect(report.stdout).toContain('pool closed')
    await expect(report).toHaveSpawned(3)
    expect(stateAt(report, 'pool-ready', 'root.3')).toBe('S')
    for (const id of ['root.1', 'root.2', 'root.3']) expect(report.process(id)).toBeReapedBy('parent')
    await expect(report).toLeaveNoZombies()
    await expect(report).toLeaveNoOrphans()
    await expect(report).toLeaveNoStrayProcesses()
  })

  test('a child_process.fork pool abandoned by process.exit() leaves orphans that run on: strays', async ({
    expect,
  }) => {
    const report = await runFixture(node('fork-pool.mjs', 'broken'), { settle: 200 })
    const workers = ['root.1', 'root.2', 'root.3']
    expect(report.verdict.orphans).toEqual(workers)
    expect(report.verdict.strays).toEqual(workers)
    for (const id of workers) {
      expect(report.process(id)).toBeAdoptedByInit()
      expect(report.process(id)).toBeReapedBy('cleanup')
    }
    await expect(report).not.toLeaveNoStrayProcesses()
  })
})
