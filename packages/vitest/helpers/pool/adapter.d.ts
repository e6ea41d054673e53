/** What a pool adapter says it can do: a clause that needs what is missing is skipped, with the reason. */
export interface PoolCapabilities {
  /**
   * A worker that crashes is replaced (clause "replaces-crashed"). Needs `tasks.crash`.
   * @default true
   */
  readonly replacesCrashedWorkers?: boolean
  /**
   * A task has a timeout, and the pool kills the worker of a task that outlives it (clause
   * "hang-timeout"). Needs `tasks.hang`, and `create()` giving the pool that timeout.
   * @default false
   */
  readonly taskTimeout?: boolean
  /**
   * The workers end by themselves when the pool's process dies, even by SIGKILL (clause "sigkill-parent").
   * @default true
   */
  readonly workersEndWithParent?: boolean
  /**
   * The signals that, sent to the pool's process alone, end its workers (clause "signals").
   * @default ['SIGTERM', 'SIGINT']
   */
  readonly endsOnSignals?: readonly ('SIGTERM' | 'SIGINT' | 'SIGHUP')[]
}

/** How the contract drives one pool. Every function runs in the pool's own process. */
export interface PoolAdapter<Pool = unknown> {
  /** The adapter's name, unique among its module's exports (the tests are named after it). */
  readonly name: string
  /** The URL of the module that exports this adapter: `import.meta.url`. JavaScript only. */
  readonly module: string
  /** Set by {@link definePythonPoolAdapter}: the pool runs in Python, from `script`. */
  readonly language?: 'python'
  /** The Python module's path, for a Python pool. */
  readonly script?: string
  /** The most workers the pool created by `create()` may have alive at once. */
  readonly maxWorkers: number
  readonly capabilities?: PoolCapabilities
  /** Creates a pool of at most `maxWorkers` workers. */
  create(): Pool | Promise<Pool>
  /** The tasks: each returns the task's promise. */
  readonly tasks: {
    /** A task that finishes at once. */
    quick(pool: Pool): Promise<unknown>
    /** A task that takes a while (as long as it likes, but it ends). */
    slow?(pool: Pool): Promise<unknown>
    /** A task whose body is `hang()` of this module: its worker ignores SIGTERM and never finishes it. */
    hang?(pool: Pool): Promise<unknown>
    /** A task that makes its worker die (exit or kill itself); its promise must reject. */
    crash?(pool: Pool): Promise<unknown>
  }
  /** Graceful termination: resolves when the pool says it has ended. */
  terminate(pool: Pool): Promise<unknown>
  /** Forced termination: ends every worker, one that ignores SIGTERM too, within the pool's documented bound. */
  forceTerminate?(pool: Pool): Promise<unknown>
}

/**
 * Checks an adapter and marks it for `describePoolContract`; throws a one-line TypeError for a
 * wrong one. Define it in a JavaScript module of its own (no `vitest` import): the contract imports
 * that module again in the pool's own process.
 *
 * Examples, run as written by the tests: docs/pool-contract.md.
 */
export declare function definePoolAdapter<Pool>(adapter: PoolAdapter<Pool>): PoolAdapter<Pool>

/** What {@link definePythonPoolAdapter} takes. */
export interface PythonPoolAdapterOptions {
  readonly name: string
  /** The adapter's Python module: an absolute path or a file URL. */
  readonly script: string
  readonly maxWorkers: number
  readonly capabilities?: PoolCapabilities
  /** Which optional functions the module defines: `hang`, `crash`, `forceTerminate` (`force_terminate` there). */
  readonly has?: readonly ('hang' | 'crash' | 'forceTerminate')[]
}

/**
 * An adapter for a Python pool (`multiprocessing.Pool`, `concurrent.futures.ProcessPoolExecutor`):
 * its module defines `MAX_WORKERS`, `create()`, `quick(pool)` and `terminate(pool)`, and those of
 * `hang(pool)`, `crash(pool)`, `force_terminate(pool)` that `has` names. A task function submits
 * the task and returns what waits for it (an `AsyncResult` or a `Future`); a hang task's body is
 * `proclife_pool.hang` (on `PYTHONPATH` in the pool's process). The contract runs the module in
 * the run's Python, with the same scenarios as a Node pool's.
 *
 * Examples, run as written by the tests: docs/pool-contract.md.
 */
export declare function definePythonPoolAdapter(options: PythonPoolAdapterOptions): PoolAdapter

/** Whether a value was made by {@link definePoolAdapter}. */
export declare function isPoolAdapter(value: unknown): value is PoolAdapter

/** The environment variable naming the socket where {@link hang} tells the pool's host it started. */
export declare const HANG_SOCKET: 'PROCLIFE_POOL_HANG'

/**
 * Starts hanging, in a worker: from now on it ignores SIGTERM, and a timer keeps it alive.
 * Resolves once the contract knows which process hangs (a pool whose timeout counts from a task's
 * start may start counting then).
 */
export declare function startHanging(): Promise<void>

/**
 * The body of a hang task, in a worker: {@link startHanging}, and the task never finishes (the
 * promise never settles).
 *
 * Examples, run as written by the tests: docs/pool-contract.md.
 */
export declare function hang(): Promise<never>
