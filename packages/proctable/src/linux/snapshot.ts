import { readdirSync } from 'node:fs'
import type { ProcessInfo, Snapshot, SnapshotOptions } from '../types.js'
import { hasChildrenFiles, readChildren } from './read-children.js'
import { readProcessEntry, resolveOptions } from './read-process.js'

/**
 * Reads the whole process table straight from `/proc`, synchronously. A process that exits while it
 * is being read is left out, never an error.
 *
 * @param options - which optional fields to read; kernel threads are left out unless asked for.
 */
export function snapshotSync(options?: SnapshotOptions): Snapshot {
  const takenAt = Date.now()
  const resolved = resolveOptions(options)
  const processes = new Map<number, ProcessInfo>()
  for (const name of readdirSync('/proc')) {
    const first = name.charCodeAt(0)
    if (first < 0x30 || first > 0x39) continue
    const info = readProcessEntry(Number(name), name, resolved)
    if (info && (resolved.kernelThreads || !info.kernelThread)) processes.set(info.pid, info)
  }
  return { takenAt, backend: 'proc', processes }
}

/**
 * Reads `pid` and all its descendants, synchronously, walking `/proc/PID/task/TID/children` down
 * from `pid` instead of reading the whole table. A process that exits during the walk is left out,
 * and so are its descendants unless they were already read.
 *
 * @returns a snapshot with `root: pid`; empty if `pid` does not exist.
 */
export function subtreeSync(pid: number, options?: SnapshotOptions): Snapshot {
  if (!hasChildrenFiles()) return subtreeOfTable(pid, snapshotSync(options))
  const takenAt = Date.now()
  const resolved = resolveOptions(options)
  const processes = new Map<number, ProcessInfo>()
  const pending = Number.isSafeInteger(pid) && pid > 0 ? [pid] : []
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    // A pid seen twice can only be a recycled one met through a stale children list.
    if (processes.has(next)) continue
    const text = String(next)
    const info = readProcessEntry(next, text, resolved)
    if (!info) continue
    if (resolved.kernelThreads || !info.kernelThread) processes.set(next, info)
    for (const child of readChildren(text, info.threads)) pending.push(child)
  }
  return { takenAt, backend: 'proc', root: pid, processes }
}

/** The fallback for kernels without `children` files: filter a whole-table snapshot by ppid. */
function subtreeOfTable(pid: number, table: Snapshot): Snapshot {
  const byParent = new Map<number, number[]>()
  for (const p of table.processes.values()) {
    const siblings = byParent.get(p.ppid)
    if (siblings) siblings.push(p.pid)
    else byParent.set(p.ppid, [p.pid])
  }
  const processes = new Map<number, ProcessInfo>()
  const pending = table.processes.has(pid) ? [pid] : []
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const info = table.processes.get(next)
    if (!info || processes.has(next)) continue
    processes.set(next, info)
    pending.push(...(byParent.get(next) ?? []))
  }
  return { takenAt: table.takenAt, backend: 'proc', root: pid, processes }
}
