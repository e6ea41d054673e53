import type { CheckpointRecord, ProcessFilter } from '@proclife/runner'

/** A signal, by name (`'SIGTERM'`, `'TERM'`) or number (`15`). */
export type SignalLike = string | number

/** Who may adopt an orphan, for {@link ProclifeMatchers.toBeAdoptedBy}. */
export type Adopter = 'reaper' | 'sentinel' | 'init' | 'subreaper' | (string & {}) | number

/** Who may reap a process, for {@link ProclifeMatchers.toBeReapedBy}. */
export type Reaper = 'parent' | 'reaper' | 'cleanup' | (string & {})

/**
 * The matchers `@proclife/vitest` adds to `expect`. Run-level matchers take a `RunReport` (from
 * `runFixture`, `startFixture` or `observeDescendants`); the five that also take a callback are
 * typed `Promise<void>`: always `await` them (on a report they run synchronously, and the `await`
 * costs nothing). Process-level matchers take one process of a report, `report.process('root.1')`.
 *
 * Written by hand, without type parameters, so that one declaration merges into vitest 3.2 and 4
 * (`Matchers<T>`) and vitest 5 (`Matchers<R, T>`) alike.
 */
export interface ProclifeMatchers {
  /**
   * The run left no zombie: every process that exited was reaped by its own parent — none was
   * handed to the reaper as a zombie because its parent died first, none was still `<defunct>`
   * when the run ended. Decided by the order of events: a parent that reaps late still passes (ask
   * {@link ProclifeMatchers.toReapChildrenWithin} for a time). Given a function, observes the test
   * process's descendants while it runs (and kills what it leaves running afterwards).
   *
   * @example
   * await expect(await runFixture('reaps-its-children.py')).toLeaveNoZombies()
   * await expect(async () => { await pool.close() }).toLeaveNoZombies()
   */
  toLeaveNoZombies(): Promise<void>
  /**
   * The run left no orphan: no process was still running when its parent died. (A child that exited
   * first is not an orphan, even when its parent never reaped it: that is a zombie.)
   *
   * @example
   * await expect(report).toLeaveNoOrphans()
   */
  toLeaveNoOrphans(): Promise<void>
  /**
   * Every process had ended when the run settled: none was still running (a stray) and none
   * escaped the reaper's tree.
   *
   * @example
   * await expect(async () => { const pool = startPool(2); await pool.close() }).toLeaveNoStrayProcesses()
   */
  toLeaveNoStrayProcesses(): Promise<void>
  /**
   * The run created exactly `count` processes besides its root.
   *
   * @example
   * await expect(report).toHaveSpawned(3)
   */
  toHaveSpawned(count: number): Promise<void>
  /**
   * Every zombie was reaped by its parent within `ms` milliseconds of its exit. A question of time,
   * so the only matcher whose answer load can change: on a busy machine a correct parent can be
   * late. Prefer {@link ProclifeMatchers.toLeaveNoZombies} (order, not time) or a checkpoint.
   *
   * @example
   * await expect(report).toReapChildrenWithin(500)
   */
  toReapChildrenWithin(ms: number): Promise<void>
  /**
   * At no moment were more than `limit` processes besides the root alive at once; with `filter`,
   * of the processes it keeps: a program's name (`'worker.js'`), a regular expression tested
   * against the command line, or a predicate.
   *
   * @example
   * await expect(async () => runJobs(pool, 10)).toHaveAtMostConcurrentProcesses(4)
   * expect(report).toHaveAtMostConcurrentProcesses(2, { filter: 'worker.js' })
   */
  toHaveAtMostConcurrentProcesses(limit: number, options?: { readonly filter?: ProcessFilter }): Promise<void>
  /**
   * The run's root process exited normally with exit code `code`.
   *
   * @example
   * expect(report).toExitWith(0)
   */
  toExitWith(code: number): void
  /**
   * On a report, the root process; on one process of a report, that process: it was ended by
   * `signal` (whoever sent it, the run's clean-up included).
   *
   * @example
   * expect(report.process('root.1')).toBeKilledBy('SIGKILL')
   */
  toBeKilledBy(signal: SignalLike): void
  /**
   * The run's normalised tree (labels, programs (`double-fork.py`, not `python3`), states, adoption, exit statuses; no pids or
   * times) is `expected`, ignoring the indentation of a template literal. The snapshot
   * serializer prints a report as the same tree, for `toMatchSnapshot`/`toMatchInlineSnapshot`.
   *
   * @example
   * expect(report).toMatchProcessTree(`
   *   root double-fork.py  ← exit code 0
   *   └─ root.1 double-fork.py  ← exit code 0
   * `)
   */
  toMatchProcessTree(expected: string): void
  /**
   * The process outlived its parent and was adopted by the reaper standing in for init: the
   * run's sentinel, the namespace's PID 1, or the nearest subreaper (the message says which).
   *
   * @example
   * expect(report.process('root.1.1')).toBeAdoptedByInit()
   */
  toBeAdoptedByInit(): void
  /**
   * The process was reparented to `adopter`: `'reaper'`, a reaper kind (`'sentinel'`, `'init'`,
   * `'subreaper'`), a process of the run by id, or a pid.
   *
   * @example
   * expect(report.process('root.1.1')).toBeAdoptedBy('root')
   */
  toBeAdoptedBy(adopter: Adopter): void
  /**
   * With a checkpoint (its name or record): the process was a zombie in the tree recorded there.
   * Without: it stayed a zombie past the run's zombie grace, or was never reaped.
   *
   * @example
   * expect(report.process('root.1')).toBeZombie(report.checkpoints[0])
   */
  toBeZombie(at?: string | CheckpointRecord): void
  /**
   * The process was alive (running, sleeping or stopped) when the fixture called
   * `checkpoint(name)`: started, not exited. With `.not`: it had ended by then (or was a zombie, or
   * was not started yet; the message says which). Exact: read from the tree recorded at the
   * checkpoint, while the fixture waited.
   *
   * @example
   * expect(report.process('root.1')).toBeAliveAt('children-started')
   * expect(report.process('root.1')).not.toBeAliveAt('after-join')
   */
  toBeAliveAt(checkpoint: string | CheckpointRecord): void
  /**
   * The process was reaped by `reaper`: `'parent'`, `'reaper'` (after adoption), `'cleanup'` (the
   * runner, after killing it as a stray), or a process id of its parent.
   *
   * @example
   * expect(report.process('root.1.1')).toBeReapedBy('reaper')
   */
  toBeReapedBy(reaper: Reaper): void
  /**
   * The process exited normally with exit code `code`.
   *
   * @example
   * expect(report.process('root.1.1')).toHaveExitedWith(7)
   */
  toHaveExitedWith(code: number): void
  /**
   * The process was still alive when its parent at birth died (the kernel reparented it).
   *
   * @example
   * expect(report.process('root.1.1')).toOutliveParent()
   */
  toOutliveParent(): void
}

/**
 * The matchers that also exist as asymmetric matchers (`expect.toX()`, `expect.not.toX()`): the
 * synchronous ones (vitest calls asymmetric matchers synchronously).
 */
export type ProclifeAsymmetricMatchers = Pick<
  ProclifeMatchers,
  | 'toExitWith'
  | 'toBeKilledBy'
  | 'toMatchProcessTree'
  | 'toBeAdoptedByInit'
  | 'toBeAdoptedBy'
  | 'toBeZombie'
  | 'toBeAliveAt'
  | 'toBeReapedBy'
  | 'toHaveExitedWith'
  | 'toOutliveParent'
>

declare module 'vitest' {
  // No type parameters: merges with vitest 4's `Matchers<T = any>` and vitest 5's `Matchers<R, T>`.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers extends ProclifeMatchers {}
  // `expect.not.toX()`: vitest types `expect.not` apart from `Matchers`.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends ProclifeAsymmetricMatchers {}
}
