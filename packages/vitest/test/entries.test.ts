import { runFixture } from '@proclife/runner'
import { expect, it } from 'vitest'
import * as setupEntry from '../src/index.js'
import { loadsOnFirstUse } from '../src/lazy/load.js'
import * as matchersEntry from '../src/matchers.js'
import { fixture } from './helpers/fixtures.js'

it('the side-effect-free entry exports the matchers, the serializer and the guard', () => {
  expect(Object.keys(matchersEntry).sort()).toMatchInlineSnapshot(`
    [
      "LeakError",
      "PICTURES_VARIABLE",
      "drawTree",
      "installLeakGuard",
      "killLeftovers",
      "observe",
      "observeCallback",
      "pictureFolder",
      "processTreeSerializer",
      "proclifeMatchers",
      "setPictureFolder",
      "summaryOf",
      "toBeAdoptedBy",
      "toBeAdoptedByInit",
      "toBeAliveAt",
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
      "toBeAliveAt",
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

it("the setup entry (this project's setupFiles) registered every matcher, asymmetric forms included", async () => {
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

it('the setup entry exports what the side-effect-free entry does, its functions loading it at their first call', async () => {
  expect(Object.keys(setupEntry).sort()).toEqual(Object.keys(matchersEntry).sort())
  expect(Object.keys(setupEntry.proclifeMatchers).sort()).toEqual(Object.keys(matchersEntry.proclifeMatchers).sort())
  // This repository's TypeScript sources cannot be loaded by Node's require: here the entry loads
  // them up front (the bench and the journey test run the built package, which loads on first use).
  expect(loadsOnFirstUse).toBe(false)
  const report = await runFixture(fixture('double-fork.py'))
  expect(setupEntry.summaryOf(report)).toBe(matchersEntry.summaryOf(report))
  expect(setupEntry.drawTree(report)).toBe(matchersEntry.drawTree(report))
  expect(setupEntry.processTreeSerializer.test(report)).toBe(true)
  expect(setupEntry.processTreeSerializer.test({ schema: 'another/v1', processes: [] })).toBe(false)
})
