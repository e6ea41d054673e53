import { afterEach, expect, it } from 'vitest'
import { Pool } from 'tiny-pool'
import { recordPids } from './record-pids.js'

// A second file of the same suite, clean throughout: each pool is destroyed after its test.
let pool: Pool | undefined
afterEach(async () => {
  await pool?.destroy()
  pool = undefined
})

it('queues tasks beyond its size', async () => {
  pool = new Pool({ size: 1 })
  recordPids(pool)
  expect(await Promise.all([1, 2, 3, 4].map((n) => pool!.run(n)))).toEqual([2, 4, 6, 8])
})

it('runs on a fresh pool', async () => {
  pool = new Pool({ size: 2 })
  recordPids(pool)
  expect(await pool.run(50)).toBe(100)
})
