import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

/** The workers' `$0`: the driver looks for it at the end, to show that none was left. */
export const WORKER_NAME = 'proclife-soak-worker'

/** A pool of `sh` workers: each waits for a line on its stdin, then takes 100 ms to end (a flush). */
export interface Pool {
  readonly workers: readonly ChildProcess[]
  terminate(): Promise<void>
}

/**
 * Starts `size` workers. `terminate()` tells each to stop and waits for its exit; with
 * `broken: true` it does not wait: the regression the soak must catch every time.
 */
export function startPool(size: number, { broken = false } = {}): Pool {
  const workers = Array.from({ length: size }, () => spawn('sh', ['-c', 'read line; sleep 0.1', WORKER_NAME], { stdio: ['pipe', 'ignore', 'ignore'] }))
  return {
    workers,
    async terminate() {
      const exited = workers.map((w) => (w.exitCode !== null || w.signalCode !== null ? Promise.resolve() : once(w, 'exit')))
      for (const w of workers) w.stdin?.end('stop\n')
      if (!broken) await Promise.all(exited)
    },
  }
}
