// Seed 003: subprocess.Popen objects dropped without wait() leave zombies; the remedies.
import { describe, test } from 'vitest'
import { runFixture } from '@proclife/runner'
import { fixture, python, stateAt } from './helpers.js'

const children = ['root.1', 'root.2', 'root.3']

describe.concurrent('seed 003: dropped Popen objects and their zombies', () => {
  for (const variant of ['plain', 'gc'] as const) {
    test(`faithful (${variant}): three zombies held until the parent exits${variant === 'gc' ? ', gc.collect() does not help' : ''}`, async ({
      expect,
    }) => {
      const report = await runFixture(
        variant === 'gc' ? python('popen-dropped.py', 'gc') : fixture('python/popen-dropped.py'),
      )
      const root = report.process('root')
      expect(report.verdict.zombies).toEqual(children)
      for (const id of children) {
        const child = report.process(id)
        expect(child).toBeZombie()
        expect(child).toHaveExitedWith(0)
        // <defunct> until the parent exits, then handed to the reaper, which reaps it: in that order.
        expect(child.zombie.map((z) => z.heldBy)).toEqual([root.pid, report.reaper.pid])
        expect(child.zombie[0]!.to).toBeGreaterThanOrEqual(root.exitedAt!)
        expect(child.adopted && !child.orphaned).toBe(true)
        expect(child).toBeReapedBy('reaper')
      }
      await expect(report).toLeaveNoStrayProcesses()
    })
  }

  for (const remedy of ['del', 'wait', 'sweep', 'next'] as const) {
    test(`faithful remedy "${remedy}": the zombies are reaped by the parent, before it exits`, async ({ expect }) => {
      const report = await runFixture(python('popen-remedies.py', remedy))
      const root = report.process('root')
      for (const id of children) {
        const child = report.process(id)
        expect(child).toBeReapedBy('parent')
        expect(child.reapedAt!).toBeLessThan(root.exitedAt!) // reaped by the parent, which then lives one more second
      }
      // (With "next", the extra `true` may live less than one sampling interval and be missing.)
      expect(report.stdout).toContain(`remedy applied: ${remedy}`)
      await expect(report).toLeaveNoOrphans()
    })
  }

  const cases = [
    { remedy: 'none', cleared: false },
    { remedy: 'gc', cleared: false },
    { remedy: 'del', cleared: true },
    { remedy: 'wait', cleared: true },
    { remedy: 'sweep', cleared: true },
    { remedy: 'next', cleared: true },
  ] as const
  for (const { remedy, cleared } of cases) {
    test(`deterministic "${remedy}": zombies at the checkpoint, ${cleared ? 'gone' : 'still there'} after the remedy`, async ({
      expect,
    }) => {
      const report = await runFixture(python('popen-checkpoints.py', remedy))
      expect(report).toExitWith(0)
      for (const id of children) {
        expect(report.process(id)).toBeZombie(report.checkpoints.find((c) => c.name === 'zombies'))
        expect(stateAt(report, 'after-remedy', id)).toBe(cleared ? undefined : 'Z')
        expect(report.process(id)).toBeReapedBy(cleared ? 'parent' : 'reaper')
      }
      await expect(report).toLeaveNoStrayProcesses()
    })
  }
})
