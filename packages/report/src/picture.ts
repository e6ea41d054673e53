import { renderTree, type ProcessInfo, type Snapshot } from '@proclife/proctable'
import { lastGroup } from './groups.js'
import { programArgv } from './program.js'
import { heldTerminal } from './terminal.js'
import type { ProcessRecord, TerminalRecord } from './types.js'
import { processNotes, type NoteContext } from './words.js'

/** Options of {@link drawProcesses}. */
export interface DrawOptions {
  /** The run is over: say "killed by cleanup" rather than "still running". */
  readonly final: boolean
  /** Show pids next to labels. @default true */
  readonly pids?: boolean
  /** ASCII lines instead of box drawing. @default false */
  readonly ascii?: boolean
  /** Add how long each zombie was held (load-sensitive). @default false */
  readonly durations?: boolean
  /**
   * Show each process's process group (as last seen) next to its pid: `(4243, pgid 4243)`, or
   * `(4243, pgid 4243 sampled)` when that group was read by a sample rather than caught at the
   * `setpgid`/`setsid` call (so it may be late, or miss a change). @default false
   */
  readonly groups?: boolean
  /**
   * The run's terminal (`report.terminal`): each process whose job held it while the process lived
   * ({@link heldTerminal}) is marked `held the terminal` next to its pid. Absent: no mark.
   */
  readonly terminal?: TerminalRecord
}

/** Options of {@link drawRecordTree}: how each process of a report is shown. */
export interface RecordTreeOptions {
  /** The text for a process, e.g. `root.1 python3 (4243)`. */
  readonly label: (p: ProcessRecord) => string
  /** Notes after the arrow: what happened to it. */
  readonly annotate: (p: ProcessRecord) => readonly string[]
  /** Show each process's program and its arguments ({@link programArgv}: no interpreter, paths to their last part). @default false */
  readonly argv?: boolean
  /** Longest line; only argv is cut. @default 120 */
  readonly width?: number
  /** ASCII lines instead of box drawing. @default false */
  readonly ascii?: boolean
  /** Styles a part of a line once it is laid out (e.g. colours a highlighted label). */
  readonly decorate?: (text: string, part: 'name' | 'state' | 'argv' | 'note', p: ProcessRecord) => string
}

/**
 * Lays out records of a report as a `pstree`-like tree shaped by birth — each process under its
 * parent at birth, as its id says (`root.1.2` under `root.1`), whatever the kernel's ppids became —
 * with the label and notes the caller chooses. The one layout behind every picture of a run.
 */
export function drawRecordTree(processes: readonly ProcessRecord[], options: RecordTreeOptions): string {
  if (processes.length === 0) return '(no processes)'
  const byId = new Map(processes.map((p) => [p.id, p]))
  // Synthetic pids keep the tree shaped by birth, whatever the kernel's ppids say now.
  const fake = new Map(processes.map((p, i) => [p.id, i + 2]))
  const infos = new Map<number, ProcessInfo>()
  for (const p of processes) {
    const parentId = p.id.includes('.') ? p.id.slice(0, p.id.lastIndexOf('.')) : null
    const ppid = parentId !== null && byId.has(parentId) ? fake.get(parentId)! : 1
    infos.set(fake.get(p.id)!, {
      pid: fake.get(p.id)!,
      ppid,
      pgid: 0,
      sid: 0,
      startTicks: p.startTicks,
      startTime: 0,
      threads: 1,
      kernelThread: false,
      state: 'S',
      comm: p.comm,
      argv: options.argv && p.argv ? programArgv(p.argv) : null,
    })
  }
  const record = new Map([...fake].map(([id, pid]) => [pid, byId.get(id)!]))
  const of = (info: ProcessInfo): ProcessRecord => record.get(info.pid)!
  const snapshot: Snapshot = { takenAt: 0, backend: 'proc', processes: infos }
  const decorate = options.decorate
  return renderTree(snapshot, {
    pids: false,
    states: false,
    argv: options.argv ?? false,
    width: options.width ?? 120,
    ascii: options.ascii ?? false,
    label: (info) => options.label(of(info)),
    annotate: (info) => options.annotate(of(info)),
    ...(decorate
      ? {
          decorate: (text: string, part: 'name' | 'state' | 'argv' | 'note', info: ProcessInfo) =>
            decorate(text, part, of(info)),
        }
      : {}),
  })
}

/**
 * Draws a run's processes as a tree in the manner of `pstree`, placed under their parent at birth,
 * each with its label, command, and what happened to it (the notes of {@link processNotes}).
 */
export function drawProcesses(processes: readonly ProcessRecord[], context: NoteContext, options: DrawOptions): string {
  return drawRecordTree(processes, {
    argv: true,
    width: 110,
    ascii: options.ascii ?? false,
    label: (p) => {
      const last = lastGroup(p)
      const group =
        options.groups === true ? `pgid ${last?.pgid ?? '?'}${last?.exact === false ? ' sampled' : ''}` : null
      const tty =
        options.terminal !== undefined && heldTerminal({ terminal: options.terminal }, p) !== null
          ? 'held the terminal'
          : null
      const inParens = [options.pids === false ? null : String(p.pid), group, tty].filter((part) => part !== null)
      return inParens.length === 0 ? `${p.id} ${p.comm}` : `${p.id} ${p.comm} (${inParens.join(', ')})`
    },
    annotate: (p) =>
      processNotes(p, context, {
        final: options.final,
        pids: options.pids !== false,
        durations: options.durations ?? false,
      }),
  })
}
