import type { ProcessState } from '@proclife/proctable'
import type { Isolation, ResolvedOptions } from '../options.js'

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
  /** It was reparented to the reaper after its parent died. */
  readonly adopted: boolean
  /** It was still alive when the run settled (a stray, then killed). */
  readonly leftover: boolean
  /** The last signal the clean-up had to send it, if any. */
  readonly killedBy: string | null
  /** First seen only when it was reaped (it lived less than one sampling interval). */
  readonly late: boolean
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
  | 'spawn' | 'exec' | 'reparent' | 'stop' | 'continue' | 'exit' | 'reap' | 'signal' | 'checkpoint' | 'timeout' | 'output-limit' | 'settled'

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

/** The run's conclusions, as lists of process ids. */
export interface Verdict {
  /** Stayed zombie past the grace period while their parent lived. */
  readonly zombies: readonly string[]
  /** Adopted by the reaper after their parent died. */
  readonly orphans: readonly string[]
  /** Still alive when the run settled, then killed. */
  readonly strays: readonly string[]
  /** Found outside the reaper's tree (only possible without a subreaper). */
  readonly escaped: readonly string[]
}

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

/** The RunReport contract (`proclife.run/v1`): what matchers, the CLI and the grader read. */
export interface RunReport {
  readonly schema: 'proclife.run/v1'
  /** The run's id, also in the fixture's environment as `PROCLIFE_RUN`. */
  readonly runId: string
  /** The argv that was launched. */
  readonly command: readonly string[]
  readonly cwd: string
  /** The interpreter the target was resolved through, if any. */
  readonly interpreter: { readonly kind: string; readonly requested: string; readonly path: string; readonly version: string | null } | null
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
  readonly options: Pick<ResolvedOptions, 'timeout' | 'settle' | 'killAfter' | 'interval' | 'zombieGrace' | 'maxOutput'>
  /** How the root ended. */
  readonly exit: { readonly code: number | null; readonly signal: string | null }
  /** The run hit its timeout and was killed. */
  readonly timedOut: boolean
  readonly processes: readonly ProcessRecord[]
  readonly events: readonly ReportEvent[]
  readonly checkpoints: readonly CheckpointRecord[]
  readonly verdict: Verdict
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
