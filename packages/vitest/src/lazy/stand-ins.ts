import type { MatcherContext } from '../format/context.js'
import { loadMatchers, preloadMatchers, type Full } from './load.js'

type MatcherName = keyof Full['proclifeMatchers']

// Every matcher, by name. Checked both ways against the real set below (`Exact`): a matcher added
// there and not here fails to compile.
const NAMES = [
  'toLeaveNoZombies',
  'toLeaveNoOrphans',
  'toLeaveNoStrayProcesses',
  'toHaveSpawned',
  'toReapChildrenWithin',
  'toHaveAtMostConcurrentProcesses',
  'toExitWith',
  'toBeKilledBy',
  'toMatchProcessTree',
  'toBeAdoptedByInit',
  'toBeAdoptedBy',
  'toBeZombie',
  'toBeAliveAt',
  'toBeReapedBy',
  'toHaveExitedWith',
  'toOutliveParent',
] as const satisfies readonly MatcherName[]
type Exact = Exclude<MatcherName, (typeof NAMES)[number]> extends never ? true : never
const exact: Exact = true

/** A stand-in for one matcher: the same name and signature; loads the matchers at its first call. */
function standIn<K extends MatcherName>(name: K): Full['proclifeMatchers'][K] {
  const stand = {
    [name](this: MatcherContext, ...args: unknown[]): unknown {
      return (loadMatchers().proclifeMatchers[name] as (this: MatcherContext, ...a: unknown[]) => unknown).apply(
        this,
        args,
      )
    },
  }[name]!
  return stand as unknown as Full['proclifeMatchers'][K]
}

/** Every matcher as a stand-in, keyed by name, for `expect.extend`. */
export const lazyMatchers = Object.fromEntries(
  NAMES.map((name) => [name, standIn(name)]),
) as unknown as Full['proclifeMatchers']
void exact

/**
 * The snapshot serializer's stand-in. vitest asks `test` of every value it snapshots: a value
 * without a report's `schema` is turned down without loading anything.
 */
export const lazySerializer: Full['processTreeSerializer'] = {
  test(value: unknown): boolean {
    const schema = typeof value === 'object' && value !== null ? (value as { schema?: unknown }).schema : undefined
    return (
      typeof schema === 'string' &&
      schema.startsWith('proclife.run/') &&
      loadMatchers().processTreeSerializer.test(value)
    )
  },
  serialize(...args: Parameters<Full['processTreeSerializer']['serialize']>): string {
    return loadMatchers().processTreeSerializer.serialize(...args)
  },
}

/** A synchronous function of the full entry, loaded at its first call. */
export function lazySync<K extends 'drawTree' | 'summaryOf' | 'watchProcesses'>(name: K): Full[K] {
  return ((...args: unknown[]) => (loadMatchers()[name] as (...a: unknown[]) => unknown)(...args)) as Full[K]
}

/** An asynchronous function of the full entry: it awaits the load, wherever this Node loads. */
export function lazyAsync<K extends 'observe' | 'observeCallback' | 'killLeftovers'>(name: K): Full[K] {
  return (async (...args: unknown[]) =>
    ((await preloadMatchers())[name] as (...a: unknown[]) => unknown)(...args)) as Full[K]
}
