// The matchers entry registers stand-ins and loads the matchers themselves — the report core, the
// pictures, the runner — the first time one is used: a test file that never asserts on a process
// pays nothing for them (the issue measured 0.2–0.3 s per file of vitest's setup for loading them
// up front). Matchers like `toExitWith` are synchronous, so that first load has to be too:
// Node loads an ES module synchronously through `require` since 20.19 and 22.12
// (`process.features.require_module`). Where it cannot — an older Node, or this repository's
// TypeScript sources, which only vitest's own loader reads — the entry loads them up front, as
// it always did.
import { createRequire } from 'node:module'
import type * as Matchers from '../matchers.js'

/** The side-effect-free entry, `@proclife/vitest/matchers`: everything the stand-ins stand for. */
export type Full = typeof Matchers

let full: Full | undefined
let loading: Promise<Full> | undefined

/** Whether the first use can load the matchers itself, synchronously. */
export const loadsOnFirstUse: boolean =
  (process.features as { require_module?: boolean }).require_module === true && !import.meta.url.endsWith('.ts')

/** The matchers, loaded now if they are not yet (synchronously, see {@link loadsOnFirstUse}). */
export function loadMatchers(): Full {
  if (full) return full
  if (!loadsOnFirstUse) {
    throw new Error(
      '[proclife] The matchers are not loaded: import @proclife/vitest (a setup file) before using them, or use @proclife/vitest/matchers (this Node cannot load them synchronously; Node 20.19 or 22.12 and later can).',
    )
  }
  // The same module instances as an `import` of the entry would give: Node's loader has one cache.
  full = createRequire(import.meta.url)('../matchers.js') as Full
  return full
}

/** Loads the matchers in the background; resolves once they are there (at once if they are). */
export function preloadMatchers(): Promise<Full> {
  if (full) return Promise.resolve(full)
  loading ??= import('../matchers.js').then((m) => (full = m))
  return loading
}
