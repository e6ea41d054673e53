// Type tests of the matchers' declarations, checked with tsc against vitest 4 (tsconfig.json)
// and vitest 5 (tsconfig.vitest5.json, which maps 'vitest' to the vitest-5 alias). Never run.
import type { RunReport } from '@proclife/runner'
import { expect, expectTypeOf } from 'vitest'
import * as setupEntry from '../src/index.js'
import * as matchersEntry from '../src/matchers.js'
import { proclifeMatchers, processTreeSerializer } from '../src/matchers.js'

declare const report: RunReport
const one = report.processes[0]!

// Run-level matchers that also take a callback return Promise<void>: they must be awaited.
expectTypeOf(expect(report).toLeaveNoZombies()).toEqualTypeOf<Promise<void>>()
expectTypeOf(expect(async () => {}).not.toLeaveNoOrphans()).toEqualTypeOf<Promise<void>>()
expectTypeOf(expect(report).toLeaveNoStrayProcesses()).toEqualTypeOf<Promise<void>>()
expectTypeOf(expect(report).toHaveSpawned(2)).toEqualTypeOf<Promise<void>>()
expectTypeOf(expect(report).toHaveAtMostConcurrentProcesses(4)).toEqualTypeOf<Promise<void>>()
expectTypeOf(expect(report).toHaveAtMostConcurrentProcesses(2, { filter: 'worker.js' })).toEqualTypeOf<Promise<void>>()
expectTypeOf(expect(report).toHaveAtMostConcurrentProcesses(2, { filter: (p) => p.comm === 'node' })).toEqualTypeOf<
  Promise<void>
>()

// The others are synchronous.
expectTypeOf(expect(report).toExitWith(0)).toEqualTypeOf<void>()
expectTypeOf(expect(report).toBeKilledBy('SIGTERM')).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeKilledBy(9)).toEqualTypeOf<void>()
expectTypeOf(expect(report).toMatchProcessTree('root python3')).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeAdoptedByInit()).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeAdoptedBy('sentinel')).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeAdoptedBy(1)).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeZombie()).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeZombie('ready')).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeZombie(report.checkpoints[0])).toEqualTypeOf<void>()
expectTypeOf(expect(one).toBeAliveAt('ready')).toEqualTypeOf<void>()
expectTypeOf(expect(one).not.toBeAliveAt(report.checkpoints[0]!)).toEqualTypeOf<void>()
expectTypeOf(expect(one).not.toBeReapedBy('parent')).toEqualTypeOf<void>()
expectTypeOf(expect(one).toHaveExitedWith(7)).toEqualTypeOf<void>()
expectTypeOf(expect(one).toOutliveParent()).toEqualTypeOf<void>()

// Wrong arguments are type errors.
// @ts-expect-error a count, not a string
void expect(report).toHaveSpawned('2')
// @ts-expect-error an exit code is a number
expect(report).toExitWith('0')
// @ts-expect-error takes no argument
expect(one).toOutliveParent(1)
// @ts-expect-error not a matcher of ours
expect(one).toBeAdoptedByZeus()

// Asymmetric forms exist for the synchronous matchers.
expect(report.processes).toContainEqual(expect.toBeAdoptedByInit())
expect(report.processes).toContainEqual(expect.not.toBeZombie())
expect(report.processes).toContainEqual(expect.not.toBeReapedBy('reaper'))

// Registering by hand type-checks too.
expect.extend(proclifeMatchers)
expect.addSnapshotSerializer(processTreeSerializer)

// The setup entry's exports (stand-ins that load the matchers on first use) have the types of the
// side-effect-free entry's.
expectTypeOf(setupEntry.proclifeMatchers).toEqualTypeOf(matchersEntry.proclifeMatchers)
expectTypeOf(setupEntry.toExitWith).toEqualTypeOf(matchersEntry.toExitWith)
expectTypeOf(setupEntry.toLeaveNoZombies).toEqualTypeOf(matchersEntry.toLeaveNoZombies)
expectTypeOf(setupEntry.processTreeSerializer).toEqualTypeOf(matchersEntry.processTreeSerializer)
expectTypeOf(setupEntry.observe).toEqualTypeOf(matchersEntry.observe)
expectTypeOf(setupEntry.observeCallback).toEqualTypeOf(matchersEntry.observeCallback)
expectTypeOf(setupEntry.drawTree).toEqualTypeOf(matchersEntry.drawTree)
expectTypeOf(setupEntry.summaryOf).toEqualTypeOf(matchersEntry.summaryOf)
expectTypeOf(setupEntry.killLeftovers).toEqualTypeOf(matchersEntry.killLeftovers)
expectTypeOf(setupEntry.LeakError).toEqualTypeOf(matchersEntry.LeakError)
