import type { ProcessInfo, ProcessState, Snapshot } from './types.js'

/** A field's value before and after. */
interface Change<T> {
  readonly from: T
  readonly to: T
}

/** What happened to the process table between two snapshots. */
export interface SnapshotDiff {
  /** Processes only in the later snapshot, oldest first. */
  readonly appeared: readonly ProcessInfo[]
  /** Processes only in the earlier snapshot (exited and reaped, or out of the subtree), oldest first. */
  readonly vanished: readonly ProcessInfo[]
  /**
   * Processes in both whose parent, state or name changed (reparented, became a zombie, stopped,
   * exec'd or renamed), by pid. Only the fields that changed are present.
   */
  readonly changed: readonly {
    readonly pid: number
    readonly before: ProcessInfo
    readonly after: ProcessInfo
    readonly ppid?: Change<number>
    readonly state?: Change<ProcessState>
    readonly comm?: Change<string>
  }[]
}

type Changed = SnapshotDiff['changed'][number]

/**
 * Compares two snapshots process by process. A pid is the same process only if its start time is
 * the same too: a pid that was recycled in between shows as one process vanished and another appeared.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
  const appeared: ProcessInfo[] = []
  const vanished: ProcessInfo[] = []
  const changed: Changed[] = []
  for (const old of before.processes.values()) {
    const now = after.processes.get(old.pid)
    if (!now || now.startTicks !== old.startTicks) vanished.push(old)
    else {
      const change = compare(old, now)
      if (change) changed.push(change)
    }
  }
  for (const now of after.processes.values()) {
    const old = before.processes.get(now.pid)
    if (!old || old.startTicks !== now.startTicks) appeared.push(now)
  }
  appeared.sort(byAge)
  vanished.sort(byAge)
  changed.sort((a, b) => a.pid - b.pid)
  return { appeared, vanished, changed }
}

function compare(before: ProcessInfo, after: ProcessInfo): Changed | undefined {
  if (before.ppid === after.ppid && before.state === after.state && before.comm === after.comm) return undefined
  return {
    pid: after.pid,
    before,
    after,
    ...(before.ppid !== after.ppid && { ppid: { from: before.ppid, to: after.ppid } }),
    ...(before.state !== after.state && { state: { from: before.state, to: after.state } }),
    ...(before.comm !== after.comm && { comm: { from: before.comm, to: after.comm } }),
  }
}

function byAge(a: ProcessInfo, b: ProcessInfo): number {
  return a.startTicks - b.startTicks || a.pid - b.pid
}
