// Setup entry (list it in `setupFiles`, or import it once): registers the matchers and the
// process-tree snapshot serializer on vitest's `expect`. The leak guard is a separate entry,
// `@proclife/vitest/guard`.
//
// It costs a file as little as the guard entry does: what it registers are stand-ins, and the
// matchers (the report core, the pictures, the runner) load at the first use of one of them
// (lazy/load.ts says how, and where Node cannot). It exports what `@proclife/vitest/matchers`
// exports, with the same types: the functions among them load it at their first call too.
import { expect } from 'vitest'
import { loadsOnFirstUse, preloadMatchers } from './lazy/load.js'
import { lazyAsync, lazyMatchers, lazySerializer, lazySync } from './lazy/stand-ins.js'

expect.extend(lazyMatchers)
expect.addSnapshotSerializer(lazySerializer)
// Where the first use cannot load them (lazy/load.ts), they load now, as the setup file's import:
// not in a hook, whose timeout a loaded machine could exceed.
if (!loadsOnFirstUse) await preloadMatchers()

/** Every matcher, keyed by name: `expect.extend(proclifeMatchers)`. */
export const proclifeMatchers = lazyMatchers
export const {
  toLeaveNoZombies,
  toLeaveNoOrphans,
  toLeaveNoStrayProcesses,
  toHaveSpawned,
  toReapChildrenWithin,
  toHaveAtMostConcurrentProcesses,
  toExitWith,
  toBeKilledBy,
  toMatchProcessTree,
  toBeAdoptedByInit,
  toBeAdoptedBy,
  toBeZombie,
  toBeAliveAt,
  toBeReapedBy,
  toHaveExitedWith,
  toOutliveParent,
} = lazyMatchers
/** The process-tree snapshot serializer (see `@proclife/vitest/matchers`), registered by this entry. */
export const processTreeSerializer = lazySerializer
export const summaryOf = lazySync('summaryOf')
export const drawTree = lazySync('drawTree')
export const observe = lazyAsync('observe')
export const observeCallback = lazyAsync('observeCallback')
/** Starts watching synchronously (the first call loads the matchers: see lazy/load.ts). */
export const watchProcesses = lazySync('watchProcesses')
export const killLeftovers = lazyAsync('killLeftovers')
// Small modules of their own: no stand-in needed.
export { setPictureFolder, pictureFolder, PICTURES_VARIABLE } from './picture/picture-folder.js'
// The guard's own module is small (it is the guard entry's): no stand-in needed.
export { installLeakGuard, LeakError, type LeakGuardOptions, type IgnoreRule } from './guard/leak-guard.js'
export type { DrawTreeOptions } from './format/tree.js'
export type { KillOutcome } from './guard/kill-leftovers.js'
export type { ObserveCallbackOptions } from './callback/observe-callback.js'
export type { ProcessWatch, WatchOptions } from './callback/watch-processes.js'
export type { MatcherContext, MatcherResult } from './format/context.js'
export type { ProclifeMatchers, ProclifeAsymmetricMatchers, SignalLike, Adopter, Reaper } from './types.js'
