import { drawRecordTree, type ProcessRecord, type RunReport } from '@proclife/runner'
import { processNotes } from '@proclife/report'
import { labelOf } from './picture-names.js'

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
 * label, the user's program (`worker.js`, not the interpreter and its flags) and what happened to it — no pids, no times, no argument vectors, so the text
 * is byte-identical across runs of the same fixture (and fit for snapshots).
 *
 * @example
 * ```text
 * root double-fork.py  ← exit code 0
 * └─ root.1 double-fork.py  ← exit code 0
 *    └─ root.1.1 double-fork.py  ← adopted by the sentinel, exit code 7, reaped by the sentinel
 * ```
 */
export function drawTree(report: RunReport, options: DrawTreeOptions = {}): string {
  return drawRecords(report.processes, report, options)
}

/** {@link drawTree} for some processes of a report (or, without a report, of unknown origin). */
export function drawRecords(
  processes: readonly ProcessRecord[],
  report: RunReport | undefined,
  options: DrawTreeOptions = {},
): string {
  const highlight = new Set(options.highlight ?? [])
  const mark = options.mark
  return drawRecordTree(processes, {
    width: 200,
    ascii: options.ascii ?? false,
    label: (p) => labelOf(p, report),
    annotate: (p) => [...notesOf(p, report), ...(options.extraNotes?.get(p.id) ?? [])],
    decorate: (text, part, p) => (part === 'name' && highlight.has(p.id) && mark ? mark(text) : text),
  })
}

/** What happened to one process, in the words every tree picture uses (the report core's notes). */
export function notesOf(p: ProcessRecord, report: RunReport | undefined): string[] {
  return processNotes(p, report ?? { reaper: { pid: 0, kind: 'unknown' } })
}
