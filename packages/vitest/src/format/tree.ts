import { renderTree, type ProcessInfo, type Snapshot } from '@proclife/proctable'
import type { ProcessRecord, RunReport } from '@proclife/runner'
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
  if (processes.length === 0) return '(no processes)'
  const byId = new Map(processes.map((p) => [p.id, p]))
  // Synthetic pids shape the tree by birth, whatever the kernel's ppids said later.
  const fake = new Map(processes.map((p, i) => [p.id, i + 2]))
  const infos = new Map<number, ProcessInfo>()
  for (const p of processes) {
    const parentId = p.id.includes('.') ? p.id.slice(0, p.id.lastIndexOf('.')) : null
    const ppid = parentId !== null && byId.has(parentId) ? fake.get(parentId)! : 1
    const pid = fake.get(p.id)!
    infos.set(pid, {
      pid, ppid, pgid: 0, sid: 0, startTicks: p.startTicks, startTime: 0, threads: 1, kernelThread: false,
      state: 'S', comm: p.comm, argv: null,
    })
  }
  const byFake = new Map([...fake].map(([id, pid]) => [pid, byId.get(id)!]))
  const record = (info: ProcessInfo): ProcessRecord => byFake.get(info.pid)!
  const highlight = new Set(options.highlight ?? [])
  const snapshot: Snapshot = { takenAt: 0, backend: 'proc', processes: infos }
  return renderTree(snapshot, {
    pids: false,
    states: false,
    argv: false,
    width: 200,
    ascii: options.ascii ?? false,
    label: (info) => `${record(info).id} ${record(info).comm}`,
    annotate: (info) => [...notesOf(record(info), report), ...options.extraNotes?.get(record(info).id) ?? []],
    decorate: (text, part, info) => (part === 'name' && highlight.has(record(info).id) && options.mark ? options.mark(text) : text),
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
