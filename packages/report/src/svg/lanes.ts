import type { ProcessRecord, RunReport } from '../types.js'
import { describeStatus, processNotes } from '../words.js'

/** One row of the picture: a process, or a run of identical siblings drawn as one. */
export interface Lane {
  /** The processes it stands for, in spawn order (one, unless collapsed). */
  readonly members: readonly ProcessRecord[]
  /** Its processes' notes, from {@link processNotes}: the same for every member. */
  readonly notes: readonly string[]
  /** How deep in the tree (0 for the root), for the indent of its label. */
  readonly depth: number
}

/** Options of {@link layLanes}. */
export interface LaneOptions {
  /** Runs of at least this many identical leaf siblings share one lane. @default 3 */
  readonly collapseAt?: number
}

/**
 * The lanes of a run in tree order (as the text tree lists them: each process under its parent at
 * birth, children in spawn order), with runs of identical siblings — same command, same notes, no
 * children — folded into one lane, so a 300-process storm stays a picture and not a wall.
 */
export function layLanes(
  report: Pick<RunReport, 'processes' | 'reaper' | 'verdict' | 'cleaner'>,
  options: LaneOptions = {},
): Lane[] {
  const collapseAt = options.collapseAt ?? 3
  const ordered = [...report.processes].sort((a, b) => compareIds(a.id, b.id))
  const parents = new Set(ordered.map((p) => parentOf(p.id)))
  const lanes: Lane[] = []
  type Run = { key: string; members: ProcessRecord[]; notes: string[] }
  let run: Run | null = null
  const flush = (): void => {
    if (!run) return
    const members = run.members
    if (members.length >= collapseAt)
      lanes.push({ members, notes: groupNotes(report, members), depth: depthOf(members[0]!.id) })
    else for (const p of members) lanes.push({ members: [p], notes: notesOf(report, p), depth: depthOf(p.id) })
    run = null
  }
  for (const p of ordered) {
    const notes = notesOf(report, p)
    const leaf = !parents.has(p.id)
    // Siblings that differ only in their exit status still share a lane: a storm whose children
    // exit with i % 7 is one storm, and the lane counts each status.
    const status = statusNote(p)
    const key = leaf
      ? JSON.stringify([parentOf(p.id), p.comm, p.argv, notes.map((n) => (n === status ? null : n))])
      : null
    const current = run as Run | null
    if (key !== null && current?.key === key) {
      current.members.push(p)
      continue
    }
    flush()
    if (key !== null) run = { key, members: [p], notes }
    else lanes.push({ members: [p], notes, depth: depthOf(p.id) })
  }
  flush()
  return lanes
}

const notesOf = (report: Pick<RunReport, 'reaper' | 'verdict' | 'cleaner'>, p: ProcessRecord): string[] =>
  processNotes(p, report, { final: true, pids: false })

/** The note of {@link processNotes} that gives the exit status, if it has one. */
const statusNote = (p: ProcessRecord): string | null =>
  p.exitedAt !== null && !p.killedBy ? describeStatus(p.exit) : null

/** The notes of a folded lane: the shared ones, and each exit status with how many had it. */
function groupNotes(
  report: Pick<RunReport, 'reaper' | 'verdict' | 'cleaner'>,
  members: readonly ProcessRecord[],
): string[] {
  const counts = new Map<string, number>()
  for (const p of members) {
    const status = statusNote(p)
    if (status !== null) counts.set(status, (counts.get(status) ?? 0) + 1)
  }
  const first = members[0]!
  const statuses = [...counts].map(([status, n]) => (n === members.length ? status : `${status} ×${n}`))
  return notesOf(report, first).flatMap((note) => (note === statusNote(first) ? statuses : [note]))
}

const parentOf = (id: string): string | null => (id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : null)
const depthOf = (id: string): number => id.split('.').length - 1

/** `root.2` before `root.10`, a parent before its children. */
function compareIds(a: string, b: string): number {
  const x = a.split('.')
  const y = b.split('.')
  // The root's tree first, then processes whose parent was never seen (`adopted.1`, …).
  if (x[0] !== y[0]) return x[0] === 'root' ? -1 : y[0] === 'root' ? 1 : x[0]!.localeCompare(y[0]!)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const nx = Number(x[i])
    const ny = Number(y[i])
    const d = Number.isNaN(nx) || Number.isNaN(ny) ? x[i]!.localeCompare(y[i]!) : nx - ny
    if (d !== 0) return d
  }
  return x.length - y.length
}
