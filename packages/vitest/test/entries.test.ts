import { runFixture } from '@proclife/runner'
import { expect, it } from 'vitest'
import * as matchersEntry from '../src/matchers.js'
import { fixture } from './helpers/fixtures.js'

it('the side-effect-free entry exports the matchers, the serializer and the guard', () => {
  expect(Object.keys(matchersEntry).sort()).toMatchInlineSnapshot(`
    [
      "LeakError",
      "drawTree",
      "installLeakGuard",
      "killLeftovers",
      "observe",
      "observeCallback",
      "processTreeSerializer",
      "proclifeMatchers",
      "summaryOf",
      "toBeAdoptedBy",
      "toBeAdoptedByInit",
      "toBeKilledBy",
      "toBeReapedBy",
      "toBeZombie",
      "toExitWith",
      "toHaveAtMostConcurrentProcesses",
      "toHaveExitedWith",
      "toHaveSpawned",
      "toLeaveNoOrphans",
      "toLeaveNoStrayProcesses",
      "toLeaveNoZombies",
      "toMatchProcessTree",
      "toOutliveParent",
      "toReapChildrenWithin",
      "watchProcesses",
    ]
  `)
  expect(Object.keys(matchersEntry.proclifeMatchers).sort()).toMatchInlineSnapshot(`
    [
      "toBeAdoptedBy",
      "toBeAdoptedByInit",
      "toBeKilledBy",
      "toBeReapedBy",
      "toBeZombie",
      "toExitWith",
      "toHaveAtMostConcurrentProcesses",
      "toHaveExitedWith",
      "toHaveSpawned",
      "toLeaveNoOrphans",
      "toLeaveNoStrayProcesses",
      "toLeaveNoZombies",
      "toMatchProcessTree",
      "toOutliveParent",
      "toReapChildrenWithin",
    ]
  `)
})

it('the setup entry (this project\'s setupFiles) registered every matcher, asymmetric forms included', async () => {
  const report = await runFixture(fixture('double-fork.py'))
  expect(report.processes).toContainEqual(expect.toBeAdoptedByInit())
  expect(report.processes).not.toContainEqual(expect.toBeZombie())
  expect(report).not.toEqual(expect.toExitWith(1))
  // Negated asymmetric forms: no process but the grandchild was orphaned.
  expect(report).toEqual(expect.not.toExitWith(1))
  const others = report.processes.filter((p) => p.id !== 'root.1.1')
  expect(others).toEqual(others.map(() => expect.not.toBeAdoptedByInit()))
  expect(report.process('root.1.1')).not.toEqual(expect.not.toBeAdoptedByInit())
})
