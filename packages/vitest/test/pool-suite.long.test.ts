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
