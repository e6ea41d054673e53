import { beforeAll, expect, it } from 'vitest'
import { clean, expectGuardedRun, poolSuiteRunner, type PoolSuiteRun } from './helpers/pool-suite.js'

// The pool's suite run by vitest without the guard and with it, once each. That the guarded run
// gives the same result every time, and what killing everything the guard finds would do to the
// pool, are pool-suite.long.test.ts's (`npm run test:long`): two more runs of a whole suite.
const runSuite = poolSuiteRunner()
let without: PoolSuiteRun
beforeAll(async () => {
  without = await runSuite('')
}, 300_000)

it("passes every test of the pool's suite without the guard, with no uncaught error", () => {
  expect(without.statuses, without.output.slice(-4000)).toEqual(clean)
  expect(without.uncaught).toBe(0)
})

it('fails the tests whose pools were never destroyed, and only those, adding no uncaught error', async () => {
  expectGuardedRun(await runSuite('1'), without)
}, 300_000)
