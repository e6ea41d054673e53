import { readProcessSync } from './linux/index.js'
import type { ProcessIdentity } from './types.js'

/** The identity of a process: its pid and start time, which together are never reused. */
export function identityOf(process: ProcessIdentity): ProcessIdentity {
  return { pid: process.pid, startTicks: process.startTicks }
}

/**
 * Whether the process named by `identity` still exists (running, stopped or a zombie): its pid is
 * in use and has the same start time. Checked against `/proc/PID/stat` now, so a pid the kernel has
 * given to a newer process is not mistaken for the old one. Check this right before signalling a pid.
 *
 * Linux only (reads `/proc`).
 *
 * @returns false if the pid is free or belongs to another process.
 */
export function isSameProcess(identity: ProcessIdentity): boolean {
  const now = readProcessSync(identity.pid, { argv: false, uid: false })
  return now !== undefined && now.startTicks === identity.startTicks
}

/**
 * A short text for an identity, `pid@startTicks` (e.g. `4242@1873312`): unique for the life of the
 * machine, usable as a map key, readable in logs.
 */
export function formatIdentity(identity: ProcessIdentity): string {
  return `${identity.pid}@${identity.startTicks}`
}
