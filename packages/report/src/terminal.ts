import { lastGroup } from './groups.js'
import type { ForegroundRecord, ProcessRecord, RunReport } from './types.js'

/**
 * The terminal's foreground process group at a moment (ms from run start): the last change read
 * at or before it. `0` when the terminal had none then; `null` when the run had no terminal.
 */
export function foregroundAt(report: Pick<RunReport, 'terminal'>, at: number): number | null {
  const changes = report.terminal?.foreground
  if (changes === undefined) return null
  let pgid = 0
  for (const f of changes) if (f.at <= at) pgid = f.pgid
  return pgid
}

/**
 * The first time the process's job held the terminal while the process lived: the terminal's
 * foreground group was its job's group over a span that overlaps its life (from its spawn to its
 * exit). Decided by the order of the foreground changes and the process's own events, never by
 * how long either took. `null` when it never did, or the run had no terminal.
 *
 * Its job's group is the group of its own (its pid) when that group held the terminal, else the
 * group it was last seen in; not the group read at that moment: group changes and foreground
 * changes may be sampled (under sampled capture), so a job's `setpgid` can be read after the `tcsetpgrp` that gave its
 * group the terminal, or not at all if the job ended first; and the group a child is born in (its
 * shell's) is not its job.
 */
export function heldTerminal(report: Pick<RunReport, 'terminal'>, p: ProcessRecord): ForegroundRecord | null {
  const changes = report.terminal?.foreground ?? []
  const end = p.exitedAt ?? Number.POSITIVE_INFINITY
  const held = (pgid: number | undefined): ForegroundRecord | null => {
    for (const [i, f] of changes.entries()) {
      const until = changes[i + 1]?.at ?? Number.POSITIVE_INFINITY
      if (pgid !== undefined && f.pgid === pgid && f.at <= end && until >= p.spawnedAt) return f
    }
    return null
  }
  return held(p.pid) ?? held(lastGroup(p)?.pgid)
}
