/*
 * The shapes of the sentinel's events, one interface each, as the C sentinel's `c/events.c` writes them; the
 * protocol's version and the parser are in `events.ts`, which exports these too.
 */

/** Fields every event has. */
export interface EventBase {
  /** Milliseconds since the sentinel started (CLOCK_MONOTONIC), three decimals. */
  t: number
}

/** A process's identity: pid plus start time in clock ticks since boot (field 22 of /proc/PID/stat). */
export interface ProcessIdentity {
  pid: number
  start: number
}

/** A wait status, Node-style: exactly one of `code` and `signal` is non-null. */
export interface SentinelStatus {
  code: number | null
  /** Signal name as Node spells it, e.g. `"SIGKILL"`. */
  signal: string | null
  /** The process dumped core. */
  core: boolean
}

/** One process in a `checkpoint`, `snapshot` or `clean` list. */
export interface SentinelTreeEntry extends ProcessIdentity {
  ppid: number
  /** State letter from /proc/PID/stat: `R`, `S`, `D`, `T`, `t`, `Z`, … */
  state: string
  comm: string
}

/** First event: who the sentinel is and what the kernel let it do. */
export interface HelloEvent extends EventBase {
  ev: 'hello'
  /** Protocol version; bumped when an event or command changes shape. */
  protocol: number
  pid: number
  start: number
  /** `prctl(PR_SET_CHILD_SUBREAPER)` took effect: every orphan of the fixture comes to the sentinel. */
  subreaper: boolean
  /** Why not, when `subreaper` is false. */
  subreaperError: string | null
  /** pidfds are available: exits are exact and signals cannot hit a recycled pid. */
  pidfd: boolean
  /**
   * `"exact"`: the tree is traced (ptrace), so every birth, exec and exit is reported by the kernel.
   * `"sampled"`: births and execs are found by sampling /proc (see `captureReason`).
   */
  capture: 'exact' | 'sampled'
  /** Why capture is `"sampled"` (tracing refused, or turned off); `null` when exact. */
  captureReason: string | null
  /** Clock ticks per second, to convert `start` values. */
  clkTck: number
  /** CLOCK_BOOTTIME in ms at `t = 0`: a process started at `start / clkTck * 1000 - bootMs` ms of the run. */
  bootMs: number
  /** Sampling interval, ms. */
  interval: number
  fullEvery: number
  socket: string | null
  /** The root has a pseudo-terminal (`--terminal`). Absent from older sentinels. */
  terminal?: boolean
}

/** A process seen for the first time. */
export interface SpawnEvent extends EventBase, ProcessIdentity {
  ev: 'spawn'
  /** Parent when first seen. For a non-root process whose `ppid` is the sentinel, it was adopted before it was first seen. */
  ppid: number
  comm: string
  /** argv from /proc/PID/cmdline (empty for zombies and exiting processes); `null` when never readable (`late`). */
  argv: string[] | null
  argvTruncated?: true
  state: string
  /** The fixture's root process, forked by the sentinel. */
  root: boolean
  /** Process group and session when first seen (`0`: not read). Absent from older sentinels. */
  pgid?: number
  sid?: number
  /** First seen as a zombie the sentinel was about to reap: born and orphaned between two samples. */
  late: boolean
  /**
   * Reported by the kernel (the root, which the sentinel forked; or a traced parent's fork event):
   * `ppid` is the parent at birth and `argv` the parent's, exactly. `false`: found by a sample.
   */
  exact: boolean
}

/**
 * A tracked process exec'd (its comm changed, or its code/stack addresses moved), or renamed itself.
 * `argv` is re-read from /proc/PID/cmdline.
 */
export interface ExecEvent extends EventBase, ProcessIdentity {
  ev: 'exec'
  comm: string
  fromComm: string
  argv: string[] | null
  argvTruncated?: true
  /** Only comm changed (prctl PR_SET_NAME), the program did not: no exec happened. */
  renamed: boolean
  /** Reported by the kernel (a traced exec) rather than found by a sample. */
  exact: boolean
}

/** A tracked process got a new parent. `exact`: seen when the old parent's exit was reported (not sampled). */
export interface ReparentEvent extends EventBase, ProcessIdentity {
  ev: 'reparent'
  from: number
  to: number
  exact: boolean
  /**
   * The process was read running with its new parent: it was still running when its old parent
   * died (an orphan). `false`: it was read as a zombie, so unless its exit was reported before, the
   * order of its exit and its parent's death was not seen. Absent from older sentinels.
   */
  alive?: boolean
}

/** A process was stopped or continued: its state left or entered `T`/`t` (changes among R, S, D are not reported). */
export interface StateEvent extends EventBase, ProcessIdentity {
  ev: 'state'
  /** The state letter before. */
  from: string
  /** The state letter now. */
  state: string
  /**
   * Under exact capture, the signal the kernel reported: what stopped it (`SIGTSTP`, `SIGSTOP`,
   * `SIGTTIN`, `SIGTTOU`) or, for a continue, `SIGCONT`. Absent when not known: sampled, or an older sentinel.
   */
  signal?: string
}

/** A process exited (is now a zombie, or already reaped). */
export interface ExitEvent extends EventBase, ProcessIdentity {
  ev: 'exit'
  /** `null` when the status could not be read (already reaped on a kernel older than 6.15, or another user's process). */
  status: SentinelStatus | null
  exact: boolean
  /**
   * The parent /proc showed when the exit was handled. Another parent than the one last reported
   * means the old parent died before the sentinel looked — before or after this exit, unseen.
   */
  ppid?: number
}

/** A process was reaped: by the sentinel (its own wait), or by its parent (seen go). */
export interface ReapEvent extends EventBase, ProcessIdentity {
  ev: 'reap'
  by: 'sentinel' | 'parent'
  /** The parent at the time (the sentinel's pid when `by` is `"sentinel"`). */
  ppid: number
  status: SentinelStatus | null
  exact: boolean
  /**
   * `t` of the last moment the sentinel saw the process still in /proc (alive or zombie). A
   * sampled (`exact: false`) reap happened between `lastSeen` and `t`.
   */
  lastSeen: number | null
}

/** The root was reaped (follows its `reap`). */
export interface RootExitEvent extends EventBase, ProcessIdentity {
  ev: 'root-exit'
  status: SentinelStatus | null
}

/** exec of the root failed; the child exits 127 and is reaped like any other. */
export interface SpawnErrorEvent extends EventBase {
  ev: 'spawn-error'
  pid: number
  errno: number
  /** e.g. `"ENOENT"` */
  code: string
  message: string
}

/** A fixture process called `checkpoint(name)`; `tree` is every tracked process at that instant. */
export interface CheckpointEvent extends EventBase {
  ev: 'checkpoint'
  name: string
  /** The caller (SO_PEERCRED). */
  pid: number
  /** The caller's start ticks, `null` if it is not a tracked process. */
  start: number | null
  tree: SentinelTreeEntry[]
}

/** Answer to `snapshot ID`. */
export interface SnapshotEvent extends EventBase {
  ev: 'snapshot'
  id: string
  tree: SentinelTreeEntry[]
}

/** Acknowledges `hold NAME`. */
export interface HoldEvent extends EventBase {
  ev: 'hold'
  name: string
}

/** Acknowledges `release NAME`; `released` callers were waiting and have been answered. */
export interface ReleaseEvent extends EventBase {
  ev: 'release'
  name: string
  released: number
}

/** The sentinel sent a signal (to a proven-identical tracked process). */
export interface SignalEvent extends EventBase, ProcessIdentity {
  ev: 'signal'
  signal: string
  reason: 'request' | 'cleanup'
  /** Set when the signal went to this process's whole process group (`kill(-pgid)`): the group's id. */
  group?: number
}

/**
 * A process is in another process group or session than last seen (`setpgid`, `setsid`).
 */
export interface GroupEvent extends EventBase, ProcessIdentity {
  ev: 'group'
  pgid: number
  sid: number
  /**
   * `true`: caught at the return of the `setpgid`/`setsid` call that made it (exact capture traps
   * those two calls), so its place in the stream is the kernel's. `false` or absent (older
   * sentinels): read from /proc at a sample or an exec some time after the change.
   */
  exact?: boolean
}

/**
 * The run's terminal (`--terminal`) has another foreground process group than last read: `pgid`,
 * or `0` when it has none (before the root's session exists, after its leader has exited). Read
 * with `tcgetpgrp` at the return of every traced `tcsetpgrp` (`exact`: the seccomp filter of exact
 * capture traps `ioctl(TIOCSPGRP)`), and before every other event and at every round of the poll
 * loop (`exact: false`: a change some other way, or one the filter could not catch).
 */
export interface ForegroundEvent extends EventBase {
  ev: 'foreground'
  pgid: number
  /** Caught at the return of a traced `tcsetpgrp` (exact capture with the group filter). */
  exact: boolean
}

/** Acknowledges `type HEX`: these bytes were written into the terminal, as typed at a keyboard. */
export interface TypedEvent extends EventBase {
  ev: 'typed'
  text: string
}

/** A command failed or was refused. */
export interface ErrorEvent extends EventBase {
  ev: 'error'
  message: string
  command: string | null
}

/** Cleanup finished; `remaining` lists tracked processes still present (empty unless something could not be killed or reaped in time). */
export interface CleanEvent extends EventBase {
  ev: 'clean'
  remaining: SentinelTreeEntry[]
}

/** Last event after `quit`, with the sampler's counters. */
export interface ByeEvent extends EventBase {
  ev: 'bye'
  /** Sampling intervals that elapsed. */
  samples: number
  /** Full walks of the subtree (sampled, or for a checkpoint, snapshot or cleanup). */
  walks: number
}

/** Any event the sentinel emits. Discriminate on `ev`. */
export type SentinelEvent =
  | HelloEvent
  | SpawnEvent
  | ExecEvent
  | ReparentEvent
  | StateEvent
  | ExitEvent
  | ReapEvent
  | RootExitEvent
  | SpawnErrorEvent
  | CheckpointEvent
  | SnapshotEvent
  | HoldEvent
  | ReleaseEvent
  | SignalEvent
  | GroupEvent
  | ForegroundEvent
  | TypedEvent
  | ErrorEvent
  | CleanEvent
  | ByeEvent

/** The `ev` values. */
export type SentinelEventName = SentinelEvent['ev']
