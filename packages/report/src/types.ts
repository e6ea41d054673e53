import type { ProcessState } from '@proclife/proctable'

/** How the run's processes were kept apart from the machine: see DESIGN, "The sentinel". */
export type Isolation = 'subreaper' | 'none'

/** The options of a run that a report records (the runner's resolved options, defaults filled in). */
export interface ReportOptions {
  readonly timeout: number
  readonly settle: number
  readonly killAfter: number
  readonly interval: number
  /**
   * Not used by the verdict (which is decided by the order of events). The margin below which a
   * sampled overlap of two processes is not counted by {@link peakConcurrency} (exact capture counts
   * concurrency in the order of events, without it).
   */
  readonly overlapMargin: number
  readonly maxOutput: number
}

/** How a process ended, as `wait` reports it. */
export interface ExitStatus {
  /** Exit code, when it exited normally. */
  readonly code: number | null
  /** Signal name (e.g. `SIGTERM`) when a signal killed it. */
  readonly signal: string | null
  /** Whether it dumped core. */
  readonly core: boolean
}

/** One parent a process had: the first is the parent at birth, then each reparent. */
export interface ParentRecord {
  /** Parent pid. */
  readonly pid: number
  /** The parent's id in this report, or `'reaper'` for the sentinel / machine reaper, or `null`. */
  readonly id: string | null
  /** When the process got this parent (ms from run start); `null` if before it was first seen. */
  readonly at: number | null
  /** Whether the time is exact (from the sentinel's exit notification) or sampled. */
  readonly exact: boolean
}

/** Who reaped a process: its own parent, the run's reaper (sentinel), or the final clean-up. */
export type ReapedBy = 'parent' | 'reaper' | 'cleanup'

/** A span of time during which a process was a zombie (ms from run start). */
export interface ZombieInterval {
  readonly from: number
  /** When it was reaped; `null` if it never was during the run. */
  readonly to: number | null
  /** Pid of the parent that held the zombie. */
  readonly heldBy: number
}

/**
 * A span of time during which a process was stopped (state `T`: SIGSTOP, SIGTSTP, SIGTTIN,
 * SIGTTOU), ms from run start. The clean-up's own freeze is not one.
 */
export interface StopInterval {
  /**
   * The signal that stopped it (`SIGTSTP`, `SIGSTOP`, `SIGTTIN`, `SIGTTOU`), as the kernel reported
   * the group-stop under exact capture; `null` when not known (sampled capture).
   */
  readonly signal: string | null
  readonly from: number
  /** When it was continued; `null` if it never was during the run. */
  readonly to: number | null
}

/** A process group and session a process was in, from a moment on (ms from run start). */
export interface GroupRecord {
  /** When it was first seen in them: its spawn, or the sample or exec that found the change. */
  readonly at: number
  readonly pgid: number
  readonly sid: number
  /**
   * `true`: the moment and order are the kernel's (its birth under exact capture, or the return of
   * the `setpgid`/`setsid` call). `false`: sampled, seen some time after the change; a process that
   * changed group and exited in between keeps its old group on the record.
   */
  readonly exact: boolean
}

/** The terminal's foreground process group from a moment on (ms from run start). */
export interface ForegroundRecord {
  /**
   * When it changed: at the return of the `tcsetpgrp` that made the change (`exact`), or when it was
   * read: before the event that followed the change, or within one poll round.
   */
  readonly at: number
  /** The foreground process group's id; `0` when the terminal has none (its session leader is gone). */
  readonly pgid: number
  /**
   * `true`: caught at the return of the `tcsetpgrp` that made it, in the kernel's order (exact
   * capture, whose seccomp filter traps `ioctl(TIOCSPGRP)` as it traps `setpgid`). `false`: read
   * later (the first reading, a session's end, sampled capture).
   */
  readonly exact: boolean
}

/**
 * The run's pseudo-terminal (option `terminal`): the root's controlling terminal, whose output is
 * the run's stdout (stdout and stderr are one stream on a terminal).
 */
export interface TerminalRecord {
  /** Its foreground process group at the start and at each change, in order. */
  readonly foreground: readonly ForegroundRecord[]
  /**
   * `true` when every change a process made (each reading after the first, except a `0`: the
   * session's leader gone) was caught at its `tcsetpgrp`, and capture is exact. `false` when some
   * change was only read later (before the next event, or within a poll round of the sentinel),
   * so a change made and undone between two readings may be missing.
   */
  readonly exact: boolean
}

/** Everything the run learned about one process it created. */
export interface ProcessRecord {
  /** Stable label from tree position and spawn order: `root`, `root.1`, `root.1.2`. */
  readonly id: string
  readonly pid: number
  /** Start time in clock ticks since boot (with `pid`, the process's identity). */
  readonly startTicks: number
  /** Command name at the end of its life (after any exec). */
  readonly comm: string
  /** Argument vector as last seen, or `null` when it could not be read. */
  readonly argv: readonly string[] | null
  /** Parent history: original parent, then every reparent. */
  readonly parents: readonly ParentRecord[]
  /** When it started (ms from run start, 10 ms resolution: from `/proc` start ticks). */
  readonly spawnedAt: number
  /** When it exited (became a zombie), or `null` if it never did during the run. */
  readonly exitedAt: number | null
  /** When it was reaped, or `null`. */
  readonly reapedAt: number | null
  readonly reapedBy: ReapedBy | null
  /** Exit status, when known (always known for processes the sentinel reaped). */
  readonly exit: ExitStatus | null
  /** Each span it spent as a zombie. */
  readonly zombie: readonly ZombieInterval[]
  /** Each span it spent stopped (job control), in order. */
  readonly stopped: readonly StopInterval[]
  /**
   * Its process groups and sessions: the one it was in when first seen, then each change
   * (`setpgid`, `setsid`), sampled. Empty when never read (an older sentinel, the Node stand-in).
   */
  readonly groups: readonly GroupRecord[]
  /** It got a new parent because its parent died (as a running process or as a zombie). */
  readonly adopted: boolean
  /**
   * It was still running when its parent died (an orphan, in the words of seed 001). A zombie
   * handed to the reaper is not orphaned. Decided by the order of events; `false` when that order
   * was not seen (then the id is in `verdict.undetermined`).
   */
  readonly orphaned: boolean
  /** It was still alive when the run settled (a stray, then killed). */
  readonly leftover: boolean
  /**
   * The signal the clean-up sent that ended it — only when its wait status says it died of that
   * signal. A process that handled or ignored the clean-up's signal and exited by itself has its
   * `exit` and no `killedBy`.
   */
  readonly killedBy: string | null
  /** The signals the clean-up sent it, in order (SIGSTOP/SIGCONT of the freeze left out). */
  readonly cleanupSignals: readonly string[]
  /** First seen only when it was reaped (it lived less than one sampling interval). */
  readonly late: boolean
  /**
   * Present (`true`) when it already existed as the observation of code in place began (a pool's
   * worker created in `beforeEach`, say): it is judged like the rest, but was not started by the
   * code observed. Absent on every other process, and on every process of a fixture run.
   */
  readonly existedBefore?: true
}

/** One state of one process in a checkpoint's picture of the tree. */
export interface CheckpointProcess {
  readonly id: string
  readonly pid: number
  readonly ppid: number
  readonly state: ProcessState
  readonly comm: string
}

/** The tree as it was when a fixture called `checkpoint(name)`. */
export interface CheckpointRecord {
  readonly name: string
  /** ms from run start. */
  readonly at: number
  /** Id of the process that called it. */
  readonly by: string | null
  readonly processes: readonly CheckpointProcess[]
}

/** The kinds of event in a report's timeline. */
export type ReportEventKind =
  | 'spawn'
  | 'exec'
  | 'reparent'
  | 'stop'
  | 'continue'
  | 'exit'
  | 'reap'
  | 'signal'
  | 'group'
  | 'checkpoint'
  | 'timeout'
  | 'output-limit'
  | 'settled'
  | 'foreground'
  | 'typed'

/** One entry of the timeline. */
export interface ReportEvent {
  /** ms from run start. */
  readonly at: number
  readonly kind: ReportEventKind
  /** The process concerned, if any. */
  readonly id: string | null
  /** Whether the time is exact or came from sampling. */
  readonly exact: boolean
  /** Human-readable detail, e.g. `adopted by reaper (1234)` or `SIGKILL (cleanup)`. */
  readonly detail: string
}

/**
 * The run's conclusions, as lists of process ids. Each list is decided by the order of events
 * (fork, exit, reap, a parent's death), never by how long something took, so no load and no
 * machine can change it. The rules live in `verdict.ts`, once.
 */
export interface Verdict {
  /**
   * Processes their own parent never reaped: the parent died while they were zombies (they were
   * handed to the reaper as zombies), or they were still zombies when the run or the observation
   * ended. A zombie its parent reaps, however late, is not in this list.
   */
  readonly zombies: readonly string[]
  /** Processes still running when their parent died (their exit came after the parent's). */
  readonly orphans: readonly string[]
  /** Still alive when the run settled, then killed. */
  readonly strays: readonly string[]
  /** Found outside the reaper's tree (only possible without a subreaper). */
  readonly escaped: readonly string[]
  /**
   * Processes whose exit and whose parent's death the capture saw only together, so whether they
   * were zombies or orphans is not known (sampled capture on a loaded machine). Exact capture, or
   * a checkpoint, removes them. Never silently put in `zombies` or `orphans`.
   */
  readonly undetermined: readonly string[]
}

/** The schema name of the reports this version writes. */
export const REPORT_SCHEMA = 'proclife.run/v2'

/**
 * How the run's births, execs and exits were recorded. `"exact"`: the sentinel traced the tree
 * (ptrace), so every process, however short-lived, is on the record with its parent at birth, and
 * labels are the same on every run. `"sampled"`: /proc was sampled, so a process that lived less
 * than an interval may be missing; `reason` says why (tracing refused, or turned off).
 */
export interface Capture {
  readonly mode: 'exact' | 'sampled'
  /** Why capture is sampled; `null` when exact. */
  readonly reason: string | null
}

/** The RunReport contract (`proclife.run/v2`): what matchers, the CLI and the grader read. */
export interface RunReport {
  readonly schema: typeof REPORT_SCHEMA
  /** The run's id, also in the fixture's environment as `PROCLIFE_RUN`. */
  readonly runId: string
  /** The argv that was launched (with its {@link RunReport.wrapper}, if any). */
  readonly command: readonly string[]
  /**
   * The leading words of `command` that are a wrapper the harness put around the user's program
   * (the grader's containment: `unshare --net`, `nsenter …`, `prlimit …`, `setpriv …`), each
   * stage exec'ing the next in the same process. Pictures and titles name `command` without it
   * (`runCommand`), and the root's execs through the wrapper are not in `events`. Absent: no wrapper.
   */
  readonly wrapper?: readonly string[]
  readonly cwd: string
  /** The interpreter the target was resolved through, if any. */
  readonly interpreter: {
    readonly kind: string
    readonly requested: string
    readonly path: string
    readonly version: string | null
  } | null
  /** ISO time the run started. */
  readonly startedAt: string
  readonly durationMs: number
  readonly isolation: Isolation
  /** Why isolation is weaker than asked, when it is. */
  readonly isolationNote: string | null
  /** Exact (traced) or sampled capture of births, execs and exits. */
  readonly capture: Capture
  /** Where orphans went: the sentinel (a subreaper) or the machine's reaper. */
  readonly reaper: { readonly pid: number; readonly kind: 'sentinel' | 'init' | 'subreaper' | 'unknown' }
  /** The options in force (defaults filled in). */
  readonly options: ReportOptions
  /** How the root ended. */
  readonly exit: { readonly code: number | null; readonly signal: string | null }
  /** The run hit its timeout and was killed. */
  readonly timedOut: boolean
  readonly processes: readonly ProcessRecord[]
  readonly events: readonly ReportEvent[]
  readonly checkpoints: readonly CheckpointRecord[]
  readonly verdict: Verdict
  /**
   * Who killed what was left running, in words, when not the run's own clean-up: `the leak guard`
   * for a test's leak. The notes of every picture name it (`stray, killed by the leak guard
   * (SIGKILL)`). Absent: the run's clean-up.
   */
  readonly cleaner?: string
  /** The run's terminal, when it had one (option `terminal`); absent otherwise. */
  readonly terminal?: TerminalRecord
  /** The root's stdout, at most `maxOutput` bytes. */
  readonly stdout: string
  readonly stderr: string
  /** Total bytes written, and whether the text above was cut. */
  readonly output: {
    readonly stdoutBytes: number
    readonly stderrBytes: number
    readonly stdoutTruncated: boolean
    readonly stderrTruncated: boolean
  }
}
