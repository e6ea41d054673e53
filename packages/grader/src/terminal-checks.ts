import { heldTerminal, lastGroup, type ProcessRecord, type RunReport } from '@proclife/report'
import type { OutputOutcome } from './output-checks.js'

/**
 * The `inForeground` check: the process's job held the run's terminal while the process lived
 * (the rule is `heldTerminal` in the report core). `owner` names a group's leader, e.g. ` (root's)`.
 */
export function inForeground(report: RunReport, p: ProcessRecord, owner: (pgid: number) => string): OutputOutcome {
  if (report.terminal === undefined) return { passed: false, detail: 'the run had no terminal (the exercise needs terminal: true)' }
  const held = heldTerminal(report, p)
  if (held !== null) return { passed: true, detail: `${p.id}'s process group ${held.pgid} held the terminal from ${Math.round(held.at)} ms` }
  const group = lastGroup(p)?.pgid ?? p.pid
  const groups = [...new Set(report.terminal.foreground.map((f) => f.pgid).filter((pgid) => pgid !== 0))]
  const list = groups.map((pgid) => `${pgid}${owner(pgid)}`).join(', ')
  return { passed: false, detail: `${p.id} (process group ${group}) never held the terminal while it lived; the terminal's foreground group${groups.length === 1 ? ' was' : 's were'} ${list || 'none'}` }
}
