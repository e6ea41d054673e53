// Seed 002: fork, getppid, orphans adopted after their parent exits, wait(), and a zombie that
// lasts as long as its sleeping parent.
import { describe, test } from 'vitest'
import { runFixture, startFixture } from '@proclife/runner'
import { fixture, HELD_SETTLE, lines } from './helpers.js'

// Block-buffered stdout: each `print(..., flush=True)` is then one write, so lines from parent
// and child never interleave (with PYTHONUNBUFFERED=1, set on some machines, a print is several
// writes and two processes' lines can mix).
const buffered = { env: { PYTHONUNBUFFERED: undefined } }

describe.concurrent('seed 002: fork, wait, orphans and zombies', () => {
  test('fork + getppid: the child reports its parent', async ({ expect }) => {
    const report = await runFixture(fixture('python/fork-getppid.py'), buffered)
    const root = report.process('root')
    expect(lines(report)).toEqual(
      expect.arrayContaining([
        `Parent here, I just created child ${report.process('root.1').pid}`,
        'Child process up in this.',
        `My parent is ${root.pid}`,
      ]),
    )
    // Not in the article: the child is a zombie for the parent's second of sleep, then the reaper
    // reaps it once the parent is gone.
    expect(report.process('root.1')).toBeZombie()
    expect(report.process('root.1')).toBeReapedBy('reaper')
    expect(report.verdict.zombies).toEqual(['root.1'])
  })

  test('faithful orphan: the child outlives its parent and is adopted by the reaper, not pid 1', async ({ expect }) => {
    const report = await runFixture(fixture('python/orphan.py'), { ...buffered, settle: 5000 })
    const child = report.process('root.1')
    expect(child).toOutliveParent()
    expect(child).toBeAdoptedByInit()
    expect(child).toBeReapedBy('reaper')
    expect(child).toHaveExitedWith(0)
    // "My parent is ..." three times, a second apart. The parent exits at once, so each names the
    // reaper, as init in the article. The article's real sleeps are kept: on a machine so loaded
    // that the parent's exit takes more than a second, the first lines still name the parent, in
    // that order, before the reaper (the exact moment is orphan-checkpoints.py's, below).
    const parents = lines(report).filter((l) => l.startsWith('My parent is'))
    const named = parents.map((l) =>
      l === `My parent is ${report.reaper.pid}`
        ? 'reaper'
        : l === `My parent is ${report.process('root').pid}`
          ? 'parent'
          : l,
    )
    expect(named).toHaveLength(3)
    expect(named.join(' ')).toMatch(/^(parent )*reaper( reaper)*$/)
    expect(report.reaper.kind).toBe('sentinel')
    await expect(report).toLeaveNoZombies()
    await expect(report).toLeaveNoStrayProcesses()
  })

  test('deterministic orphan: reparented exactly when the parent exits', async ({ expect }) => {
    const run = await startFixture(fixture('python/orphan-checkpoints.py'), {
      ...buffered,
      holdCheckpoints: ['child-running'],
      settle: HELD_SETTLE,
    })
    const running = await run.waitForCheckpoint('child-running')
    expect(running.by).toBe('root.1')
    await run.waitFor((v) => v.rootExited, { description: 'the parent to exit' })
    run.release('child-running')
    const report = await run.done
    const child = report.process('root.1')
    expect(lines(report)).toEqual(
      [
        `Parent here, I just created child ${child.pid}`,
        `Right now, my parent is ${report.process('root').pid}`,
        `Right now, my parent is ${report.reaper.pid}`,
      ].sort((a, b) => report.stdout.indexOf(a) - report.stdout.indexOf(b)),
    )
    expect(child).toBeAdoptedByInit()
    expect(child.parents[1]?.exact).toBe(true)
    expect(child.parents[1]!.at!).toBeGreaterThanOrEqual(report.process('root').exitedAt!)
    expect(report.verdict).toEqual({ zombies: [], orphans: ['root.1'], strays: [], escaped: [], undetermined: [] })
  })

  test('wait(): the child keeps its parent and is reaped by it', async ({ expect }) => {
    const report = await runFixture(fixture('python/fork-wait.py'), buffered)
    const root = report.process('root')
    expect(lines(report)).toEqual([
      "Hope my parent doesn't forget me this time!",
      ...Array(3).fill(`Right now, my parent is ${root.pid}`),
      'My child has finished processing. My work here is done.',
    ])
    expect(report.process('root.1')).toBeReapedBy('parent')
    await expect(report).toLeaveNoZombies()
    await expect(report).toLeaveNoOrphans()
  })

  test('faithful zombie: <defunct> while the parent sleeps, gone when Ctrl-C (SIGINT) ends the parent', async ({
    expect,
  }) => {
    const run = await startFixture(fixture('python/fork-zombie.py'))
    const view = await run.waitFor((v) => v.zombies.includes('root.1'), { description: 'root.1 to be a zombie' })
    expect(view.alive).toEqual(['root'])
    run.signal('root', 'SIGINT')
    const report = await run.done
    // Python 2 (the article's) exited with status 1 after the traceback; since 3.8 an unhandled
    // KeyboardInterrupt ends the process by SIGINT itself, so a shell sees the real cause.
    expect(report).toBeKilledBy('SIGINT')
    expect(report.stderr).toContain('KeyboardInterrupt')
    expect(report.stderr).toContain('Goodbye, cruel world')
    const child = report.process('root.1')
    expect(child).toHaveExitedWith(1)
    expect(child.zombie[0]?.heldBy).toBe(report.process('root').pid)
    expect(child.zombie[0]!.to!).toBeGreaterThanOrEqual(report.process('root').exitedAt!) // the parent's death ended it
    expect(child).toBeReapedBy('reaper')
    await expect(report).toLeaveNoStrayProcesses()
  })

  test('deterministic zombie: state Z at the checkpoint; SIGTERM to the parent clears it', async ({ expect }) => {
    const run = await startFixture(fixture('python/fork-zombie-checkpoints.py'))
    await run.waitForCheckpoint('zombie')
    run.signal('root', 'SIGTERM')
    const report = await run.done
    expect(report.process('root.1')).toBeZombie(report.checkpoints.find((c) => c.name === 'zombie'))
    expect(report.process('root')).toBeKilledBy('SIGTERM')
    expect(report.process('root.1')).toBeAdoptedByInit()
    expect(report.process('root.1')).toBeReapedBy('reaper')
    expect(report.process('root.1').reapedAt).toBeGreaterThanOrEqual(report.process('root').exitedAt!)
    await expect(report).toLeaveNoStrayProcesses()
  })
})
