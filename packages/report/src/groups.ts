import type { GroupRecord, ProcessRecord } from './types.js'

/** The process group and session a process was last seen in, or `null` when never read. */
export function lastGroup(p: ProcessRecord): GroupRecord | null {
  return p.groups.at(-1) ?? null
}

/**
 * Whether the process led a process group of its own: the group it was last seen in has its pid
 * as id (after `setpgid(0, 0)` or `setsid()`, or because it started one). `null` when its group
 * was never read.
 */
export function leadsOwnGroup(p: ProcessRecord): boolean | null {
  const group = lastGroup(p)
  return group === null ? null : group.pgid === p.pid
}
