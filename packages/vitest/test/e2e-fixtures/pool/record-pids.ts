import { appendFileSync } from 'node:fs'
import { afterAll } from 'vitest'
import type { Pool } from 'tiny-pool'

const pools = new Set<Pool>()

function write(pool: Pool): void {
  const file = process.env['POOL_PIDS']
  if (file) appendFileSync(file, pool.workers.map((w) => `${w.pid}\n`).join(''))
}

/**
 * Notes the pool's worker pids now and at the end of the file (a pool replaces its workers), for
 * the end-to-end test to check that none outlives the run.
 */
export function recordPids(pool: Pool): void {
  pools.add(pool)
  write(pool)
}

afterAll(() => {
  for (const pool of pools) write(pool)
})
