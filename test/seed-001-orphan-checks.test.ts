// Seed 001: checking for orphans with parent_process(), and which endings orphan a child.
import { describe, test } from 'vitest'
import { runFixture, startFixture } from '@proclife/runner'
import { fixture, HELD_SETTLE, lines, stateAt } from './helpers.js'

const unbuffered = { PYTHONUNBUFFERED: '1' }

describe.concurrent('seed 001: orphan checks with parent_process()', () => {
  test('faithful chain: the grandchild is not an orphan before the middle process is terminated, and is one after', async ({
    expect,
  }) => {
    const report = await runFixture(fixture('python/orphan-chain.py'), { settle: 5000 })
    expect(lines(report)).toEqual(['Orphaned: False', 'Orphaned: True'])
    expect(report).toExitWith(0)
    const middle = report.process('root.1')
    const level2 = report.process('root.1.1')
    expect(middle).toBeKilledBy('SIGTERM') // while its exit handler joined level2
    expect(middle.exitedAt).toBeGreaterThan(900)
    expect(level2).toOutliveParent()
    expect(level2).toBeAdoptedByInit()
    expect(level2).toBeReapedBy('reaper')
    expect(level2).toHaveExitedWith(0)
    // The main process does not wait for its grandchild: only level1 is its child.
    expect(report.process('root').exitedAt).toBeLessThan(level2.exitedAt!)
    expect(report.verdict.orphans).toEqual(['root.1.1'])
    await expect(report).toLeaveNoZombies()
    await expect(report).toLeaveNoStrayProcesses()
  })

  test('deterministic chain: the states at each step', async ({ expect }) => {
    const run = await startFixture(fixture('python/orphan-chain-checkpoints.py'), {
      holdCheckpoints: ['terminate-middle', 'level2-waiting'],
      settle: HELD_SETTLE,
    })
    const waiting = await run.waitForCheckpoint('level2-waiting')
    await run.waitForCheckpoint('terminate-middle')
    // level1's target has returned, but it is alive: its exit handler joins level2.
    expect(waiting.by).toBe('root.1.1')
    expect(waiting.processes.find((p) => p.id === 'root.1')?.state).toBe('S')
    run.release('terminate-middle')
    const view = await run.waitFor((v) => v.rootExited && !v.alive.includes('root.1'), {
      description: 'the main process and level1 to be gone',
    })
    expect(view.alive).toEqual(['root.1.1'])
    expect(view.processes.find((p) => p.id === 'root.1.1')?.adopted).toBe(true)
    run.release('level2-waiting')
    const report = await run.done
    expect(lines(report)).toEqual(['Orphaned: False', 'Orphaned: True'])
    expect(report.process('root.1')).toBeKilledBy('SIGTERM')
    expect(report.process('root.1.1')).toBeAdoptedByInit()
    expect(report.process('root.1.1')).toBeReapedBy('reaper')
    expect(stateAt(report, 'level2-waiting', 'root')).toBe('S')
    expect(report.verdict).toEqual({ zombies: [], orphans: ['root.1.1'], strays: [], escaped: [], undetermined: [] })
  })

  test('sys.exit() in the middle process does not orphan: it stays alive, joining its child', async ({ expect }) => {
    // Unbuffered, as on the seed's terminal, so that the lines come out in the order printed.
    const report = await runFixture(fixture('python/orphan-middle-sys-exit.py'), { env: unbuffered })
    expect(lines(report)).toEqual(['Orphaned: False', 'Child Alive: True', 'Orphaned: False'])
    expect(report.process('root.1')).toHaveExitedWith(0)
    expect(report.process('root.1')).toBeReapedBy('parent')
    expect(report.process('root.1.1')).toBeReapedBy('parent')
    expect(report.process('root.1').exitedAt).toBeGreaterThan(report.process('root.1.1').exitedAt! - 1)
    await expect(report).toLeaveNoOrphans()
    await expect(report).toLeaveNoZombies()
  })

  test('sys.exit() in the main process does not orphan: it joins its child at exit', async ({ expect }) => {
    const report = await runFixture(fixture('python/orphan-main-sys-exit.py'), { env: unbuffered })
    expect(lines(report)).toEqual(['Orphaned: False', 'MainProcess all done', 'Orphaned: False', 'Parent Alive: True'])
    expect(report).toExitWith(0)
    expect(report.process('root.1')).toBeReapedBy('parent')
    expect(report.process('root').exitedAt).toBeGreaterThan(report.process('root.1').exitedAt!)
    await expect(report).toLeaveNoOrphans()
  })

  test('current_process().terminate() fails in the main process: AttributeError, and still no orphan', async ({
    expect,
  }) => {
    const report = await runFixture(fixture('python/orphan-main-terminate.py'), { env: unbuffered })
    expect(report).toExitWith(1)
    expect(report.stderr).toContain("AttributeError: 'NoneType' object has no attribute 'terminate'")
    expect(lines(report)).toEqual(['Orphaned: False', 'MainProcess all done', 'Orphaned: False'])
    expect(report.process('root.1')).toBeReapedBy('parent')
    await expect(report).toLeaveNoOrphans()
  })

  test('os._exit() in the main process orphans the child; the unflushed print is lost', async ({ expect }) => {
    // The seed's print has no flush: remove PYTHONUNBUFFERED (set on some CI machines) to see it.
    const report = await runFixture(fixture('python/orphan-main-os-exit.py'), {
      settle: 5000,
      env: { PYTHONUNBUFFERED: undefined },
    })
    expect(lines(report)).toEqual(['Orphaned: False', 'Orphaned: True', 'Parent Alive: False'])
    expect(report).toExitWith(0)
    const task = report.process('root.1')
    expect(task).toBeAdoptedByInit()
    expect(task).toBeReapedBy('reaper')
    expect(task.exitedAt! - report.process('root').exitedAt!).toBeGreaterThan(1500)
    expect(report.verdict.orphans).toEqual(['root.1'])
    await expect(report).toLeaveNoStrayProcesses()
  })
})
