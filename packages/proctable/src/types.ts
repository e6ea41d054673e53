/**
 * One-letter scheduler state, as the kernel reports it in `/proc/PID/stat` (and `ps` in `STAT`):
 * `R` running, `S` sleeping, `D` uninterruptible, `Z` zombie, `T` stopped, `t` traced,
 * `X` dead, `I` idle kernel thread, `P` parked, `W` paging/waking, `K` wakekill.
 */
export type ProcessState = 'R' | 'S' | 'D' | 'Z' | 'T' | 't' | 'X' | 'x' | 'I' | 'P' | 'W' | 'K'

/**
 * What names one process for its whole life: a pid alone may be recycled, pid + start time may not.
 */
export interface ProcessIdentity {
  /** Process id. */
  readonly pid: number
  /** Start time in clock ticks since boot (`/proc/PID/stat` field 22). */
  readonly startTicks: number
}

/** One process as read from the table at one instant. */
export interface ProcessInfo extends ProcessIdentity {
  /** Parent process id (0 for PID 1 and kernel roots). */
  readonly ppid: number
  /** Process group id. */
  readonly pgid: number
  /** Session id. */
  readonly sid: number
  /** Scheduler state; `Z` is a zombie (exited, not yet reaped). */
  readonly state: ProcessState
  /** Command name (at most 15 bytes; may contain spaces and parentheses). */
  readonly comm: string
  /**
   * Argument vector, or `null` when it cannot be read: zombies and kernel threads have none, and
   * another user's process may be hidden (`hidepid`). Absent when the snapshot skipped it.
   */
  readonly argv?: readonly string[] | null
  /**
   * User id that owns the process's `/proc` entry (its effective uid; root for a process that is
   * not dumpable), or `null` when it could not be read. Absent when skipped.
   */
  readonly uid?: number | null
  /** Start time as milliseconds since the Unix epoch (boot time + start ticks; 10 ms resolution). */
  readonly startTime: number
  /** Number of threads. */
  readonly threads: number
  /** True for kernel threads (PF_KTHREAD), which have no user-space program. */
  readonly kernelThread: boolean
}

/** Which optional fields a snapshot reads (each costs one more file per process on Linux). */
export interface SnapshotOptions {
  /**
   * Read each process's argument vector.
   * @default true
   */
  readonly argv?: boolean
  /**
   * Read each process's owner.
   * @default true
   */
  readonly uid?: boolean
  /**
   * Include kernel threads (children of `kthreadd`).
   * @default false
   */
  readonly kernelThreads?: boolean
}

/** The process table, or one subtree of it, at one instant. */
export interface Snapshot {
  /** When the read started, in milliseconds since the Unix epoch. */
  readonly takenAt: number
  /** Which backend read it. */
  readonly backend: 'proc' | 'ps'
  /** For a subtree snapshot: the pid it is rooted at. */
  readonly root?: number
  /** Every process read, by pid. A process that vanished mid-read is simply absent. */
  readonly processes: ReadonlyMap<number, ProcessInfo>
}

/** A way to read the process table: `/proc` on Linux, `ps` elsewhere. */
export interface ProcessTableBackend {
  /** Backend name, as recorded in snapshots. */
  readonly name: 'proc' | 'ps'
  /** Reads the whole table. */
  snapshot(options?: SnapshotOptions): Promise<Snapshot>
  /** Reads `pid` and all its descendants (an empty snapshot if `pid` does not exist). */
  subtree(pid: number, options?: SnapshotOptions): Promise<Snapshot>
  /** Reads one process, or `undefined` if it does not exist. */
  readProcess(pid: number, options?: SnapshotOptions): Promise<ProcessInfo | undefined>
}
