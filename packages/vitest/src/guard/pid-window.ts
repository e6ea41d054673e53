import { closeSync, openSync, readSync } from 'node:fs'

// Pids are handed out in order (wrapping at pid_max), so the processes started during a test are
// among the pids allocated between its start and its end. The kernel says which pid it allocated
// last in /proc/sys/kernel/ns_last_pid: reading it before and after a test tells whether anything
// at all was started meanwhile (on the whole machine's pid namespace), and if so, which pids to look at.

const buffer = Buffer.alloc(16)

function readNumber(path: string): number | undefined {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const n = readSync(fd, buffer, 0, buffer.length, 0)
    const value = Number.parseInt(buffer.toString('latin1', 0, n), 10)
    return Number.isSafeInteger(value) ? value : undefined
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** The last pid the kernel allocated in this pid namespace, or `undefined` where it cannot be read. */
export const readLastPid = (): number | undefined => readNumber('/proc/sys/kernel/ns_last_pid')

let pidMax: number | undefined

/** The largest pid plus one (`/proc/sys/kernel/pid_max`): where allocation wraps round. */
export function readPidMax(): number {
  pidMax ??= readNumber('/proc/sys/kernel/pid_max') ?? 4_194_304
  return pidMax
}

/** The kernel's lowest pid after a wrap (`RESERVED_PIDS`). */
const RESERVED = 300

/**
 * The pids allocated after `from` up to and including `to`, in allocation order, or `undefined`
 * when the window is wider than `limit` (a busy machine, a long test): the caller then scans the
 * whole table instead, which costs the same whatever the window.
 */
export function pidsBetween(from: number, to: number, limit: number): number[] | undefined {
  if (from === to) return []
  const max = readPidMax()
  const size = to > from ? to - from : max - from - 1 + (to - RESERVED + 1)
  if (size > limit || size <= 0) return undefined
  const pids: number[] = []
  if (to > from) {
    for (let pid = from + 1; pid <= to; pid++) pids.push(pid)
  } else {
    for (let pid = from + 1; pid < max; pid++) pids.push(pid)
    for (let pid = RESERVED; pid <= to; pid++) pids.push(pid)
  }
  return pids
}

/** Whether `pid` lies in the window after `from` up to `to` (with the wrap), for a whole-table scan. */
export function inWindow(pid: number, from: number, to: number): boolean {
  return to >= from ? pid > from && pid <= to : pid > from || pid <= to
}
