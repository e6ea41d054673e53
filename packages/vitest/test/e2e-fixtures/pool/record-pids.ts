import { appendFileSync } from 'node:fs'
import type { Pool } from 'tiny-pool'

/** Notes the pool's worker pids, for the end-to-end test to check that none outlives the run. */
export function recordPids(pool: Pool): void {
  const file = process.env['POOL_PIDS']
  if (file) appendFileSync(file, pool.workers.map((w) => `${w.pid}\n`).join(''))
}
