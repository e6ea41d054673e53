import { beforeEach, describe, expect, it } from 'vitest'
import { observe } from '../../packages/vitest/src/matchers.js'
import { startPool, type Pool } from './pool.js'

// One shard of the soak: `repeat` tests of each case, under a describe named after the case and
// what each of its tests must do ("passes" or "fails"), for the driver to count. Nothing here
// cleans up: observe() kills what it judged, the guard what a test left; the driver checks that
// no worker is left at the end.
export function defineCases(shard: number, repeat: number): void {
  let pool: Pool

  for (const [name, broken] of [['correct-pool passes', false], ['broken-pool fails', true]] as const) {
    describe(name, () => {
      beforeEach(() => {
        pool = startPool(2, { broken })
      })
      for (let i = 0; i < repeat; i++) {
        // The README's example, as written, on a pool created in beforeEach.
        it(`${shard}.${i}`, async () => {
          const report = await observe(() => pool.terminate())
          await expect(report).toLeaveNoStrayProcesses()
          await expect(report).toLeaveNoZombies()
          await expect(report).toLeaveNoOrphans()
        })
      }
    })
  }

  describe('guard-ends-soon passes', () => {
    for (let i = 0; i < repeat; i++) {
      // The broken pool's workers end about 100 ms after the test: never a leak.
      it(`${shard}.${i}`, async () => {
        pool = startPool(2, { broken: true })
        await pool.terminate()
      })
    }
  })

  describe('guard-never-ends fails', () => {
    for (let i = 0; i < repeat; i++) {
      // Never told to stop, the workers would run forever: the guard fails the test and kills them.
      it(`${shard}.${i}`, () => {
        pool = startPool(2)
      })
    }
  })
}
