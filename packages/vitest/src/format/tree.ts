import { drawRecordTree, type ProcessRecord, type RunReport } from '@proclife/runner'
import { describeExit, describeReaper } from './status.js'

/** Options of {@link drawTree}. */
export interface DrawTreeOptions {
  /** Ids whose lines are styled with `mark` (the processes a message is about). */
  readonly highlight?: readonly string[]
  /** Styles a highlighted process's label (a colour from `this.utils`). */
  readonly mark?: (text: string) => string
  /** Extra notes per id, e.g. `killed by the leak guard`. */
  readonly extraNotes?: ReadonlyMap<string, readonly string[]>
  /** ASCII lines instead of box drawing. @default false */
  readonly ascii?: boolean
}

/**
 * The normalised tree of a run: one line per process, placed under its parent at birth, with its
 * label, command name and what happened to it — no pids, no times, no argument vectors, so the text
 * is byte-identical across runs of the same fixture (and fit for snapshots).
 *
 * @example
 * ```text
 * root python3  ← exit code 0
 * └─ root.1 python3  ← exit code 0
 *    └─ root.1.1 python3  ← adopted by the sentinel, exit code 7, reaped by the sentinel
 * ```
 */
export function drawTree(report: RunReport, options: DrawTreeOptions = {}): string {
  return drawRecords(report.processes, report, options)
}

/** {@link drawTree} for some processes of a report (or, without a report, of unknown origin). */
export function drawRecords(processes: readonly ProcessRecord[], report: RunReport | undefined, options: DrawTreeOptions = {}): string {
  const highlight = new Set(options.highlight ?? [])
  const mark = options.mark
  return drawRecordTree(processes, {
    width: 200,
    ascii: options.ascii ?? false,
    label: (p) => `${p.id} ${p.comm}`,
    annotate: (p) => [...notesOf(p, report), ...options.extraNotes?.get(p.id) ?? []],
    decorate: (text, part, p) => (part === 'name' && highlight.has(p.id) && mark ? mark(text) : text),
  })
}

/** What happened to one process, in the words the tree uses. */
export function notesOf(p: ProcessRecord, report: RunReport | undefined): string[] {
  const notes: string[] = []
  const reaper = report ? describeReaper(report.reaper, false) : 'the reaper'
  if (p.exitedAt !== null && p.reapedAt === null) notes.push('<defunct>')
  if (p.adopted) notes.push(`adopted by ${reaper}`)
  if (p.reapedAt !== null && report?.verdict.zombies.includes(p.id)) notes.push('zombie past grace')
  if (report?.verdict.escaped.includes(p.id)) notes.push('escaped')
  if (p.killedBy) notes.push(`stray, killed by cleanup (${p.killedBy})`)
  else if (p.leftover) notes.push(p.exitedAt === null ? 'stray, still running' : 'stray')
  else if (p.exitedAt === null) notes.push('still running')
  if (p.exitedAt !== null && !p.killedBy) notes.push(describeExit(p.exit, true))
  if (p.reapedBy === 'reaper') notes.push(`reaped by ${reaper}`)
  return notes
}
