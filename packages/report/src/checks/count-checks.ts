import { z } from 'zod'
import { peakConcurrency } from '../concurrency.js'
import { defineRunCheck, plural } from './define.js'
import { count } from './params.js'

/** Facts of {@link spawned}. */
export interface SpawnedFacts {
  /** The processes the run created besides its root. */
  readonly spawned: readonly string[]
}

/**
 * The run created exactly n processes besides its root (the fixture, or the test process observed).
 * What existed before an observation began was not spawned during it.
 */
export const spawned = defineRunCheck<number, SpawnedFacts>({
  id: 'spawned',
  params: count,
  names: { matchers: ['toHaveSpawned'], lab: 'spawned' },
  evaluate: (report, n) => {
    const ids = report.processes.filter((p) => p.id !== 'root' && p.existedBefore !== true).map((p) => p.id)
    return { pass: ids.length === n, ids, facts: { spawned: ids } }
  },
  asks: (n) => `spawns exactly ${plural(n, 'process', 'processes')} besides the main one`,
  saw: ({ facts }) =>
    `spawned ${plural(facts.spawned.length, 'process', 'processes')}${facts.spawned.length ? ` (${facts.spawned.join(', ')})` : ''}`,
})

/** Facts of the concurrency checks: the peak, and which processes made it. */
export interface PeakFacts {
  readonly count: number
  readonly ids: readonly string[]
}

/** At no moment were more than k processes besides the root alive at once. */
export const atMostConcurrent = defineRunCheck<number, PeakFacts>({
  id: 'atMostConcurrent',
  params: count,
  names: { matchers: ['toHaveAtMostConcurrentProcesses'], lab: 'atMostConcurrent' },
  evaluate: (report, k) => {
    const peak = peakConcurrency(report)
    return { pass: peak.count <= k, ids: peak.ids, facts: peak }
  },
  asks: (k) => `never more than ${plural(k, 'child process', 'child processes')} alive at once`,
  saw: ({ facts }) => `at most ${facts.count} alive at once${facts.count ? ` (${facts.ids.join(', ')})` : ''}`,
})

/** At some moment at least n processes besides the root were alive at once (work really ran in parallel). */
export const atLeastConcurrent = defineRunCheck<number, PeakFacts>({
  id: 'atLeastConcurrent',
  params: z.number().int().min(1),
  names: { lab: 'atLeastConcurrent' },
  evaluate: (report, n) => {
    const peak = peakConcurrency(report)
    return { pass: peak.count >= n, ids: peak.ids, facts: peak }
  },
  asks: (n) => `at some moment ${plural(n, 'child process', 'child processes')} alive at once`,
  saw: ({ facts }) => `the most alive at once was ${facts.count}${facts.count ? ` (${facts.ids.join(', ')})` : ''}`,
})
