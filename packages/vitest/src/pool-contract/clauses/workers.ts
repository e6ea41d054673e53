import { expect } from 'vitest'
import type { Clause } from '../clause.js'
import { checkpointOf, childOfThePool, runningAt } from './workers-of.js'

/** A crashed worker is reaped and replaced. */
export const replacesCrashed: Clause = {
  id: 'replaces-crashed',
  promise: 'a worker that crashes is reaped by the pool and replaced',
  catches: 'a crashed worker left a zombie, or never replaced (the pool shrinks with every crash)',
  skipReason: (adapter) =>
    !adapter.tasks.crash
      ? 'the adapter has no crash task (tasks.crash)'
      : adapter.capabilities?.replacesCrashedWorkers === false
        ? 'the adapter declares that its pool does not replace crashed workers'
        : undefined,
  scenarios: () => ['replaces-crashed'],
  judge: ({ report }) => {
    // The crashed: running once the pool was warm, ended by the time it had run a task after the crash.
    const warm = runningAt(checkpointOf(report, 'pool:warm')!)
    const recovered = runningAt(checkpointOf(report, 'pool:recovered')!)
    const crashed = [...warm].filter((id) => !recovered.has(id))
    expect(
      crashed,
      'no worker running before the crash task had ended after it: the crash task must make its worker die',
    ).not.toEqual([])
    for (const id of crashed) expect(report.process(id)).toBeReapedBy('parent')
    const replacements = [...recovered].filter((id) => !warm.has(id))
    expect(
      replacements,
      `${crashed.join(', ')} crashed, and no new worker was running once the pool had run a task after the crash`,
    ).not.toEqual([])
  },
}

/** Never more than max workers alive at once, including during a replacement. */
export const maxWorkers: Clause = {
  id: 'max-workers',
  promise: 'never more than maxWorkers workers are alive at once, a replacement included',
  catches:
    'a pool that outgrows its size: a replacement started before the worker it replaces has exited, or a worker per task',
  skipReason: () => undefined,
  scenarios: () => ['max-workers'],
  // Workers are the pool's process's own children: what a worker starts itself is not one.
  judge: async ({ report }, adapter) => {
    await expect(report).toHaveAtMostConcurrentProcesses(adapter.maxWorkers, { filter: childOfThePool })
  },
}

/** A hung task's worker is killed on timeout, before the task's promise settles. */
export const hangTimeout: Clause = {
  id: 'hang-timeout',
  promise: "the worker of a task past its timeout has ended by the time the task's promise rejects",
  catches: 'a timed-out task whose promise settles while its worker still runs (or is never stopped)',
  skipReason: (adapter) =>
    !adapter.tasks.hang
      ? 'the adapter has no hang task (tasks.hang, whose body is hang())'
      : adapter.capabilities?.taskTimeout !== true
        ? 'the adapter does not declare a task timeout (capabilities.taskTimeout)'
        : undefined,
  scenarios: () => ['hang-timeout'],
  judge: ({ report, host }) => {
    for (const pid of host.hung) {
      const hung = report.processes.find((p) => p.pid === pid)
      expect(hung, `the worker that called hang() (pid ${pid}) is not in the run`).toBeDefined()
      expect(report.process(hung!.id)).not.toBeAliveAt('pool:hang-settled')
    }
  },
}
