import { describe, expect, it } from 'vitest'
import { startPool } from './fixtures/pool/pool.js'
import { asyncFailureOf } from './helpers/failure.js'

// The regression example of the docs: a child_process.fork pool whose close() must wait for its
// workers. The callback form observes everything the callback starts.
describe('a worker pool', () => {
  it('closes cleanly: two workers, both ended and reaped when close() resolves', async () => {
    const useThePool = async (): Promise<void> => {
      const pool = await startPool(2)
      expect(await Promise.all([pool.run(1), pool.run(20)])).toEqual([2, 40])
      await pool.close()
    }
    await expect(useThePool).toLeaveNoStrayProcesses()
    await expect(useThePool).toLeaveNoZombies()
    await expect(useThePool).toHaveSpawned(2)
    await expect(useThePool).toHaveAtMostConcurrentProcesses(2)
  })

  it('catches the broken close() that forgets to wait for its workers', async () => {
    const failure = await asyncFailureOf(() =>
      expect(async () => {
        const pool = await startPool(2, { broken: true })
        await pool.run(1)
        await pool.close()
      }).toLeaveNoStrayProcesses(),
    )
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toLeaveNoStrayProcesses()

      Expected every process to have ended when the callback returned, but 2 processes (root.1, root.2) were still running.

      Expected: no stray processes
      Received: 2 stray processes (root.1, root.2)

      Processes:
      root (the test process)  ← still running
      ├─ root.1 worker.mjs  ← stray, still running
      └─ root.2 worker.mjs  ← stray, still running"
    `)
    expect(failure.timeline).toMatch(/root\.1 +spawn +.*worker\.mjs/)
  })
})
