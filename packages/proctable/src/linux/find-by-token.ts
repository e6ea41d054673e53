import { readFileSync, readdirSync } from 'node:fs'
import type { ProcessInfo } from '../types.js'
import { readProcessSync } from './read-process.js'

/**
 * Finds the live (not zombie) processes whose environment carries `name=value`, by reading every
 * `/proc/PID/environ` this process may read. This is how a run finds what escaped its tree by its
 * token (`PROCLIFE_RUN=<id>`); it misses processes that cleared their environment, and it costs a
 * read per process in the table.
 */
export function findByEnvironment(
  name: string,
  value: string,
  exclude: ReadonlySet<number> = new Set([process.pid]),
): ProcessInfo[] {
  const token = `${name}=${value}`
  const found: ProcessInfo[] = []
  for (const entry of readdirSync('/proc')) {
    const first = entry.charCodeAt(0)
    if (first < 0x30 || first > 0x39) continue
    const pid = Number(entry)
    if (exclude.has(pid)) continue
    let environ: string
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1')
    } catch {
      continue // gone, or another user's
    }
    if (!environ.split('\0').includes(token)) continue
    const info = readProcessSync(pid)
    if (info && info.state !== 'Z') found.push(info)
  }
  return found
}
