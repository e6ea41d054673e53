import type { ProcessState } from '@proclife/proctable'
import type { RawCheckpoint } from './apply-event.js'
import { assignLabels } from './labels.js'
import type { ProcessModel, TrackedProcess } from './model.js'
import { drawProcesses } from './picture.js'
import { attachLookup, type RunReportWithLookup } from './lookup.js'
import {
  REPORT_SCHEMA,
  type Capture,
  type CheckpointRecord,
  type ForegroundRecord,
  type ProcessRecord,
  type ReportEvent,
  type ReportOptions,
  type RunReport,
} from './types.js'
import { computeVerdict, killedByOf, sortIds } from './verdict.js'

/** A stream's output as the run kept it: the first bytes, and how many there were. */
export interface CapturedOutput {
  /** The kept bytes as text. */
  text(): string
  /** Every byte seen, kept or not. */
  readonly bytes: number
  /** Whether bytes were dropped. */
  readonly truncated: boolean
}

/** The run as it is at one moment, for `waitFor` conditions. */
export interface RunView {
  /** Every process seen so far, with provisional labels. */
  readonly processes: readonly ProcessRecord[]
  /** Ids of processes that have not exited. */
  readonly alive: readonly string[]
  /** Ids of processes that exited and are not reaped (zombies now). */
  readonly zombies: readonly string[]
  readonly checkpoints: readonly CheckpointRecord[]
  /** Whether the root has exited. */
  readonly rootExited: boolean
  /** The tree as text, with states. */
  readonly picture: string
  /** The terminal's foreground process group as last read (`0`: none); `null` when the run has no terminal. */
  readonly foreground: number | null
}

function records(model: ProcessModel, labels: ReadonlyMap<string, string>): ProcessRecord[] {
  const idOfPid = (pid: number, at: number | null): string | null => {
    if (pid === model.reaperPid) return 'reaper'
    let found: TrackedProcess | undefined
    for (const q of model.processes.values()) {
      if (q.pid === pid && (at === null || q.spawnedAt <= at)) found = q
    }
    return found ? (labels.get(found.key) ?? null) : null
  }
  const list = [...model.processes.values()].map((p): ProcessRecord => ({
    id: labels.get(p.key) ?? p.key,
    pid: p.pid,
    startTicks: p.startTicks,
    comm: p.comm,
    argv: p.argv,
    parents: p.parents.map((parent) => ({ ...parent, id: idOfPid(parent.pid, parent.at ?? p.spawnedAt) })),
    spawnedAt: p.spawnedAt,
    exitedAt: p.exitedAt,
    reapedAt: p.reapedAt,
    reapedBy: p.reapedBy,
    exit: p.exit,
    zombie: [...p.zombie],
    stopped: [...p.stopped],
    groups: [...p.groups],
    adopted: p.adopted,
    orphaned: p.orphaned,
    leftover: p.leftover,
    killedBy: killedByOf(p),
    cleanupSignals: [...p.cleanupSignals],
    late: p.late,
    ...(p.existedBefore ? { existedBefore: true as const } : {}),
  }))
  const order = new Map(sortIds(list.map((r) => r.id)).map((id, i) => [id, i]))
  return list.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
}

function checkpointRecords(
  raw: readonly RawCheckpoint[],
  model: ProcessModel,
  labels: ReadonlyMap<string, string>,
): CheckpointRecord[] {
  const label = (pid: number, start: number): string => labels.get(`${pid}:${start}`) ?? `${pid}`
  const byPid = (pid: number): string | null => {
    for (const p of model.processes.values()) if (p.pid === pid) return labels.get(p.key) ?? null
    return null
  }
  return raw.map((c) => ({
    name: c.name,
    at: c.at,
    by: byPid(c.pid),
    processes: c.tree.map((p) => ({
      id: label(p.pid, p.start),
      pid: p.pid,
      ppid: p.ppid,
      state: p.state as ProcessState,
      comm: p.comm,
    })),
  }))
}

/** The run as it is now; used while it is still going. */
export function liveView(model: ProcessModel, raw: readonly RawCheckpoint[]): RunView {
  const labels = assignLabels([...model.processes.values()], model.rootKey)
  const processes = records(model, labels)
  const root = model.rootKey ? model.processes.get(model.rootKey) : undefined
  return {
    processes,
    alive: processes.filter((p) => p.exitedAt === null).map((p) => p.id),
    zombies: processes.filter((p) => p.exitedAt !== null && p.reapedAt === null).map((p) => p.id),
    checkpoints: checkpointRecords(raw, model, labels),
    rootExited: root?.exitedAt != null,
    picture: drawProcesses(processes, { reaper: { pid: model.reaperPid, kind: 'unknown' } }, { final: false }),
    foreground: model.terminal === null ? null : (model.terminal.at(-1)?.pgid ?? 0),
  }
}

/** Everything {@link buildReport} needs. */
export interface ReportInput {
  readonly model: ProcessModel
  readonly checkpoints: readonly RawCheckpoint[]
  readonly runId: string
  readonly argv: readonly string[]
  /** How many leading words of `argv` are the harness's wrapper ({@link RunReport.wrapper}). @default 0 */
  readonly wrapper?: number
  readonly interpreter: RunReport['interpreter']
  /** The run's options (the runner's resolved options fit). */
  readonly options: ReportOptions & { readonly cwd: string }
  readonly startedAt: Date
  readonly durationMs: number
  readonly isolation: RunReport['isolation']
  readonly isolationNote: string | null
  readonly capture: RunReport['capture']
  readonly reaperKind: RunReport['reaper']['kind']
  readonly exit: RunReport['exit']
  readonly timedOut: boolean
  readonly stdout: CapturedOutput
  readonly stderr: CapturedOutput
  /** Who killed what was left running, when not the run's clean-up ({@link RunReport.cleaner}). */
  readonly cleaner?: string
}

/** Turns the finished model into the `proclife.run/v2` report. */
export function buildReport(input: ReportInput): RunReportWithLookup {
  const { model, options } = input
  const tracked = [...model.processes.values()]
  const labels = assignLabels(tracked, model.rootKey)
  const processes = records(model, labels)
  const wrapper = input.wrapper ?? 0
  const events: ReportEvent[] = withoutWrapper(
    model.events
      .map(({ key, ...e }) => ({ ...e, id: key === null ? null : (labels.get(key) ?? key) }))
      .sort((a, b) => a.at - b.at),
    input.argv,
    wrapper,
  )
  const report: RunReport = {
    schema: REPORT_SCHEMA,
    runId: input.runId,
    command: input.argv,
    ...(wrapper > 0 ? { wrapper: input.argv.slice(0, wrapper) } : {}),
    cwd: options.cwd,
    interpreter: input.interpreter,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    isolation: input.isolation,
    isolationNote: input.isolationNote,
    capture: input.capture,
    reaper: { pid: model.reaperPid, kind: input.reaperKind },
    options: {
      timeout: options.timeout,
      settle: options.settle,
      killAfter: options.killAfter,
      interval: options.interval,
      overlapMargin: options.overlapMargin,
      maxOutput: options.maxOutput,
    },
    exit: input.exit,
    timedOut: input.timedOut,
    processes,
    events,
    checkpoints: checkpointRecords(input.checkpoints, model, labels),
    verdict: computeVerdict(tracked, labels, model.reaperPid),
    ...(input.cleaner === undefined ? {} : { cleaner: input.cleaner }),
    ...(model.terminal
      ? { terminal: { foreground: [...model.terminal], exact: foregroundExact(model.terminal, input.capture) } }
      : {}),
    stdout: input.stdout.text(),
    stderr: input.stderr.text(),
    output: {
      stdoutBytes: input.stdout.bytes,
      stderrBytes: input.stderr.bytes,
      stdoutTruncated: input.stdout.truncated,
      stderrTruncated: input.stderr.truncated,
    },
  }
  return attachLookup(report)
}

/**
 * The root's events without its passage through the harness's wrapper: each stage of a wrapper
 * execs the rest of the command line (`unshare --net nsenter … python3 x.py` execs `nsenter …
 * python3 x.py`, and so on), so an exec of the root whose argv is such a rest, before the
 * program's own, is the wrapper's and is left out; the root's spawn, seen as a stage, is told as
 * the program's. Compared word for word with the command line the harness gave: no reading of
 * argv text for names.
 */
function withoutWrapper(events: ReportEvent[], argv: readonly string[], wrapper: number): ReportEvent[] {
  if (wrapper === 0) return events
  const stages = new Set(Array.from({ length: wrapper }, (_, i) => argv.slice(i).join(' ')))
  const program = argv.slice(wrapper).join(' ')
  return events.flatMap((e) => {
    if (e.id !== 'root' || !stages.has(e.detail)) return [e]
    if (e.kind === 'spawn') return [{ ...e, detail: program }]
    return e.kind === 'exec' ? [] : [e]
  })
}

/** Whether every change of the terminal's foreground group a process made was caught at its call. */
function foregroundExact(changes: readonly ForegroundRecord[], capture: Capture): boolean {
  return capture.mode === 'exact' && changes.slice(1).every((c) => c.exact || c.pgid === 0)
}
