// Side-effect free: the matcher functions, the serializer and the leak guard, for people who
// register them themselves. `@proclife/vitest` registers all of it with `expect.extend`.
import * as matchers from './matchers/index.js'

export * from './matchers/index.js'
export { processTreeSerializer, summaryOf } from './serializer.js'
export { drawTree, type DrawTreeOptions } from './format/tree.js'
export { installLeakGuard, LeakError, type LeakGuardOptions, type IgnoreRule } from './guard/leak-guard.js'
export { killLeftovers, type KillOutcome } from './guard/kill-leftovers.js'
export { observe, observeCallback, type ObserveCallbackOptions } from './callback/observe-callback.js'
export { watchProcesses, type ProcessWatch, type WatchOptions } from './callback/watch-processes.js'
export type { MatcherContext, MatcherResult } from './format/context.js'
export type { ProclifeMatchers, ProclifeAsymmetricMatchers, SignalLike, Adopter, Reaper } from './types.js'

/** Every matcher, keyed by name: `expect.extend(proclifeMatchers)`. */
export const proclifeMatchers = { ...matchers }
