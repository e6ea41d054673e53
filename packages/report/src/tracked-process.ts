import type { ProcessState } from '@proclife/proctable'
import type { ExitStatus, GroupRecord, ReapedBy, ReportEvent, StopInterval, ZombieInterval } from './types.js'

/** What the model knows of one process while the run goes on. */
export interface TrackedProcess {
  readonly key: string
  readonly pid: number
  readonly startTicks: number
  comm: string
  argv: readonly string[] | null
  ppid: number
  state: ProcessState
  readonly parents: { pid: number; at: number | null; exact: boolean }[]
  /** ms from run start (from start ticks). */
  spawnedAt: number
  firstSeenAt: number
  exitedAt: number | null
  reapedAt: number | null
  reapedBy: ReapedBy | null
  exit: ExitStatus | null
  readonly zombie: ZombieInterval[]
  /** Spans it spent stopped by job control (not by the clean-up's freeze). */
  readonly stopped: StopInterval[]
  /** Its process groups and sessions: at first sight, then each change. */
  readonly groups: GroupRecord[]
  /** The clean-up has signalled it: its stops from now on are the harness's freeze. */
  frozenByCleanup: boolean
  /** It got a new parent because its parent died. */
  adopted: boolean
  /** It was seen running after its parent died: an orphan. */
  orphaned: boolean
  /** Its exit and its parent's death were seen only together: which came first is unknown. */
  orderUnknown: boolean
  leftover: boolean
  /** Signals the clean-up sent it (the freeze's SIGSTOP/SIGCONT left out). */
  readonly cleanupSignals: string[]
  /** It exited after the clean-up signalled it: what followed is the harness's doing, not the fixture's. */
  exitedInCleanup: boolean
  late: boolean
  /** Found outside the reaper's tree by the run's environment token. */
  escaped: boolean
  /** It already existed when an observation of code in place began (`observeDescendants`). */
  existedBefore: boolean
  /** Lower bound of the reap time when it was seen by sampling (the last time it was seen). */
  reapedNoEarlierThan: number | null
}

/** A timeline entry before ids are assigned: it names processes by key. */
export interface RawEvent extends Omit<ReportEvent, 'id'> {
  readonly key: string | null
}

/** Key of a process identity: recycled pids never collide because start ticks differ. */
export const keyOf = (pid: number, startTicks: number): string => `${pid}:${startTicks}`
