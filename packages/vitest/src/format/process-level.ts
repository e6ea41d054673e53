import type { ProcessRecord, RunReport } from '@proclife/runner'
import type { MatcherContext } from './context.js'
import { assertProcess } from './received.js'
import { reportOf } from './report-of.js'

/** A process matcher's received process, with its report when that is known. */
export interface ReceivedProcess {
  readonly p: ProcessRecord
  readonly report: RunReport | undefined
}

/** Checks that a matcher received one process of a report, and finds the report. */
export function receivedProcess(ctx: MatcherContext, matcherName: string, expectedArg: string, received: unknown): ReceivedProcess {
  assertProcess(ctx, matcherName, expectedArg, received)
  return { p: received, report: reportOf(received) }
}

/** Id of the process's parent at birth (`root.1` for `root.1.2`), or its birth parent's pid. */
export function birthParentName(p: ProcessRecord): string {
  const first = p.parents[0]
  return first?.id ?? (first ? `pid ${first.pid}` : 'its parent')
}

/** The parent history as text: `root.1 → the reaper (pid 4613)`. */
export function parentHistory(p: ProcessRecord, report: RunReport | undefined): string {
  return p.parents.map((parent) => parentName(parent, report)).join(' → ')
}

/** One parent in words: its id, or the reaper named by kind, or its pid. */
export function parentName(parent: ProcessRecord['parents'][number], report: RunReport | undefined): string {
  if (parent.id === 'reaper') return reaperWords(parent.pid, report)
  return parent.id ?? `pid ${parent.pid}`
}

/** `the sentinel (pid 4613)` when the report is known, else `the reaper (pid 4613)`. */
export function reaperWords(pid: number, report: RunReport | undefined): string {
  if (report && report.reaper.pid === pid) {
    const kind = report.reaper.kind
    const name = kind === 'sentinel' ? 'the sentinel' : kind === 'init' ? 'init' : kind === 'subreaper' ? 'the subreaper' : 'the reaper'
    return `${name} (pid ${pid})`
  }
  return `the reaper (pid ${pid})`
}
