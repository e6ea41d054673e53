import { expect, it } from 'vitest'
import { clean, expectGuardedRun, poolSuiteRunner } from './helpers/pool-suite.js'

// The guard's verdict on the pool's suite is the same every run (pool-suite.e2e.test.ts runs it
// once in the fast suite): which tests leaked depends on the pools' lineage, never on when an
// idle pool's replacement was forked.
const runSuite = poolSuiteRunner()

it('fails the tests whose pools were never destroyed, and only those, every run, adding no uncaught error', async () => {
  const without = await runSuite('')
  expect(without.statuses, without.output.slice(-4000)).toEqual(clean)
  expect(without.uncaught).toBe(0)
  for (let round = 0; round < 3; round++) expectGuardedRun(await runSuite('1'), without)
}, 600_000)

it('kills a pool\'s workers with kill: "all", and the pool then throws uncaught errors: why that is not the default', async () => {
  const killing = await runSuite('all')
  expect(killing.statuses['runs a task'], killing.output.slice(-4000)).toBe('failed')
  expect(killing.uncaught).toBeGreaterThan(0)
}, 300_000)
