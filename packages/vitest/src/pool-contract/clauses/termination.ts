import { expect } from 'vitest'
import type { Clause } from '../clause.js'
import { checkpointOf, runningAt, workersOf } from './workers-of.js'

/** Each worker had ended (or was a zombie: ended, the reaping is another clause's) at the checkpoint. */
function noWorkerAliveAt(report: Parameters<Clause['judge']>[0]['report'], checkpoint: string): void {
  for (const worker of workersOf(report)) expect(report.process(worker.id)).not.toBeAliveAt(checkpoint)
}

/** terminate() resolves only when every worker has ended. */
export const terminateWaits: Clause = {
  id: 'terminate-waits',
  promise: 'terminate() resolves only when every worker has ended',
  catches: 'terminate() resolving before its workers have exited (code after it runs while they still do)',
  skipReason: () => undefined,
  scenarios: () => ['terminate-waits'],
  judge: ({ report }) => noWorkerAliveAt(report, 'pool:terminated'),
}

/** Nothing is left unreaped. */
export const reapsWorkers: Clause = {
  id: 'reaps-workers',
  promise: 'every worker is reaped by its own parent: nothing is left a zombie',
  catches:
    'workers left unreaped (<defunct>) by the pool, or by a worker its own children, and handed to init as zombies',
  skipReason: () => undefined,
  scenarios: () => ['reaps-workers'],
  judge: async ({ report }) => {
    await expect(report).toLeaveNoZombies()
  },
}

/** A second terminate() is harmless. */
export const terminateTwice: Clause = {
  id: 'terminate-twice',
  promise: 'a second terminate() resolves, and starts nothing',
  catches: 'a second terminate() that throws, hangs, or starts workers again',
  skipReason: () => undefined,
  scenarios: () => ['terminate-twice'],
  // A failed or hung second call is found by the run itself (its step, or the run's timeout).
  judge: async ({ report }) => {
    await expect(report).toExitWith(0)
    const before = new Set(checkpointOf(report, 'pool:terminated')?.processes.map((p) => p.id))
    const started = [...runningAt(checkpointOf(report, 'pool:terminated-twice')!)].filter((id) => !before.has(id))
    expect(started, `the second terminate() started ${started.join(', ')}`).toEqual([])
  },
}

/** Forced termination ends a worker that ignores SIGTERM, within its bound. */
export const forceTerminate: Clause = {
  id: 'force-terminate',
  promise: 'forceTerminate() ends every worker, one that ignores SIGTERM too, before it resolves',
  catches:
    'a forced termination that only sends SIGTERM, never escalating to SIGKILL, or resolves before the workers have died',
  skipReason: (adapter) =>
    !adapter.forceTerminate
      ? 'the adapter has no forceTerminate()'
      : !adapter.tasks.hang
        ? 'the adapter has no hang task (tasks.hang, whose body is hang())'
        : undefined,
  scenarios: () => ['force-terminate'],
  judge: ({ report }) => noWorkerAliveAt(report, 'pool:forced'),
}
