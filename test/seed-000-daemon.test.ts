// Seed 000: multiprocessing's exit handler terminates daemonic children and joins the others.
import { describe, expect, test } from 'vitest'
import { runFixture, startFixture } from '@proclife/runner'
import { fixture, lines, stateAt } from './helpers.js'

describe.concurrent('seed 000: daemon and non-daemon children at exit', () => {
  test('faithful: the daemon child is SIGTERMed at the end of the script, the non-daemon one is joined', async () => {
    const report = await runFixture(fixture('python/daemon-at-exit.py'))
    expect(report).toExitWith(0)
    await expect(report).toHaveSpawned(2)
    const child = report.process('root.1') // p: non-daemon, sleeps 2 s
    const daemon = report.process('root.2') // p1: daemon, sleeps 10 s
    expect(child).toHaveExitedWith(0)
    expect(child).toBeReapedBy('parent')
    expect(daemon).toBeKilledBy('SIGTERM')
    expect(daemon).toBeReapedBy('parent')
    // Killed when the main script ends, long before its own 10 s: before the non-daemon child ends.
    expect(daemon.exitedAt!).toBeLessThan(child.exitedAt!)
    // The main process stays alive until the non-daemon child ends (~2 s): the join at exit.
    expect(child.exitedAt).toBeGreaterThan(1900)
    expect(report.process('root').exitedAt).toBeGreaterThanOrEqual(child.exitedAt!)
    // The seed's "p1 becomes a zombie": it is dead, not "yet to honour SIGTERM"; how long it stays
    // <defunct> is a race inside _exit_function (reaped at once here, at worst when the join of p
    // returns). It never outlives the main process's join.
    for (const span of daemon.zombie) expect(span.to ?? Infinity).toBeLessThanOrEqual(report.process('root').exitedAt!)
    expect(lines(report)).toEqual(expect.arrayContaining(['child procs started', 'ch#1 ends']))
    expect(report.stdout).not.toContain('ch#2 ends')
    await expect(report).toLeaveNoOrphans()
    await expect(report).toLeaveNoStrayProcesses()
  })

  test('deterministic: exit handlers run in reverse order; the main process waits in join for the held child', async () => {
    const run = await startFixture(fixture('python/daemon-at-exit-checkpoints.py'), {
      holdCheckpoints: ['child-working', 'daemon-working', 'exit-handlers'],
    })
    await run.waitForCheckpoint('child-working')
    await run.waitForCheckpoint('daemon-working')
    // Our atexit handler was registered after start(), so it runs before multiprocessing's.
    const atExit = await run.waitForCheckpoint('exit-handlers')
    expect(atExit.by).toBe('root')
    expect(atExit.processes.map((p) => p.id).sort()).toEqual(['root', 'root.1', 'root.2'])
    run.release('exit-handlers')
    // _exit_function: SIGTERM to the daemon, then join() on the non-daemon child.
    // Whether it is reaped now or stays <defunct> until the join of root.1 returns is the race the
    // seed observed (here usually reaped at once; under load, a zombie): wait only for its death.
    const view = await run.waitFor((v) => v.processes.some((p) => p.id === 'root.2' && p.exitedAt !== null), {
      description: 'the daemon child to be terminated',
    })
    expect(view.alive).toEqual(expect.arrayContaining(['root', 'root.1']))
    expect(view.alive).not.toContain('root.2')
    expect(view.rootExited).toBe(false)
    run.release('child-working')
    const report = await run.done
    expect(report).toExitWith(0)
    expect(report.process('root.2')).toBeKilledBy('SIGTERM')
    expect(report.process('root.1')).toHaveExitedWith(0)
    expect(report.process('root.1').exitedAt).toBeLessThanOrEqual(report.process('root').exitedAt!)
    expect(stateAt(report, 'exit-handlers', 'root.2')).not.toBe('Z')
    expect(lines(report)).toEqual(['child procs started', 'ch#1 ends'])
    await expect(report).toLeaveNoZombies()
    await expect(report).toLeaveNoOrphans()
    await expect(report).toLeaveNoStrayProcesses()
  })
})
