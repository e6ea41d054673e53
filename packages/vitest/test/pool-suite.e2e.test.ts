import { beforeAll, expect, it } from 'vitest'
import { clean, expectGuardedRun, poolSuiteRunner, type PoolSuiteRun } from './helpers/pool-suite.js'

// The pool's suite run by vitest each way once: without the guard, with it, and with it killing
// everything it finds. That the guarded run gives the same result every time is
// pool-suite.long.test.ts's (`npm run test:long`), which repeats it.
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

it('kills a pool\'s workers with kill: "all", and the pool then throws uncaught errors: why that is not the default', async () => {
  const killing = await runSuite('all')
  expect(killing.statuses['runs a task'], killing.output.slice(-4000)).toBe('failed')
  expect(killing.uncaught).toBeGreaterThan(0)
}, 300_000)
