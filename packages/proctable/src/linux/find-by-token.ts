import { readFileSync, readdirSync } from 'node:fs'
import { readProcessSync, type ProcessInfo } from '@proclife/proctable'

/**
 * Finds the live processes whose environment carries `PROCLIFE_RUN=<runId>`, by reading every
 * `/proc/PID/environ` this process may read. This is how a run without a subreaper finds what
 * escaped its tree; it misses processes that cleared their environment, and it costs a read per
 * process in the table, so it runs once, at the end.
 */
export function findRunProcesses(runId: string, exclude: ReadonlySet<number>): ProcessInfo[] {
  const token = `PROCLIFE_RUN=${runId}`
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
