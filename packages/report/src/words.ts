import type { ExitStatus, ProcessRecord, RunReport, Verdict } from './types.js'
import { continuedStop } from './stops.js'
import { describeKeys } from './keys.js'

// Every sentence about an exit, a reaper or a process's fate is written here, once: the CLI, the
// matchers and the grader call these and never word the same fact again.

/** `exit code 0`, `killed by SIGTERM`, `killed by SIGSEGV (core dumped)`, or `exited (status unknown)`. */
export function describeStatus(status: ExitStatus | null): string {
  if (!status) return 'exited (status unknown)'
  if (status.signal) return `killed by ${status.signal}${status.core ? ' (core dumped)' : ''}`
  return `exit code ${status.code}`
}

/** How a process ended (`exit code 3`, `killed by SIGTERM`), or `still running` when it has not. */
export function describeExit(exit: ExitStatus | null, exited: boolean): string {
  return exited ? describeStatus(exit) : 'still running'
}

/** How the run's root ended: `exit code 0`, `killed by SIGKILL`, or `still running` (no status). */
export function describeRootExit(exit: RunReport['exit']): string {
  if (exit.signal !== null) return `killed by ${exit.signal}`
  return exit.code === null ? 'still running' : `exit code ${exit.code}`
}

/** The run's reaper in words: `the sentinel (pid 4242)`, `init (pid 1)`, `the subreaper (pid 77)`. */
export function describeReaper(reaper: RunReport['reaper'], pids = true): string {
  const name =
    reaper.kind === 'sentinel'
      ? 'the sentinel'
      : reaper.kind === 'init'
        ? 'init'
        : reaper.kind === 'subreaper'
          ? 'the subreaper'
          : 'the reaper'
  return pids ? `${name} (pid ${reaper.pid})` : name
}

/**
 * Who reaped a process, in words: `its parent`, `the sentinel`, `the clean-up`, `nobody`; the
 * clean-up by its name when another did it (`cleaner`: `the leak guard`, {@link RunReport.cleaner}).
 */
export function describeReapedBy(
  p: Pick<ProcessRecord, 'reapedBy'>,
  reaper: RunReport['reaper'],
  cleaner?: string,
): string {
  switch (p.reapedBy) {
    case 'parent':
      return 'its parent'
    case 'reaper':
      return describeReaper(reaper, false)
    case 'cleanup':
      return `${cleaner ?? 'the clean-up'}, after it was left running`
    default:
      return 'nobody'
  }
}

/** `1 process (root.1)`, `2 processes (root.1, root.2)`, `no process`. */
export function countIds(ids: readonly string[], one = 'process', many = 'processes'): string {
  if (ids.length === 0) return `no ${one}`
  return `${ids.length} ${ids.length === 1 ? one : many} (${ids.join(', ')})`
}

/** One part of the verdict in words, with how bad it is (for a reader that colours it). */
export interface VerdictPart {
  readonly text: string
  /** `ok`: the list is empty; `bad`: zombies, strays, escaped; `warn`: orphans and undetermined (often meant). */
  readonly severity: 'ok' | 'warn' | 'bad'
}

/** The verdict's parts in words: `1 zombie (root.1)`, `no orphans`, `no strays`, then escaped and undetermined when there are any. */
export function describeVerdictParts(verdict: Verdict): VerdictPart[] {
  const part = (ids: readonly string[], one: string, many: string, severity: 'warn' | 'bad'): VerdictPart =>
    ids.length === 0
      ? { text: `no ${many}`, severity: 'ok' }
      : { text: `${ids.length} ${ids.length === 1 ? one : many} (${ids.join(', ')})`, severity }
  const parts = [
    part(verdict.zombies, 'zombie', 'zombies', 'bad'),
    part(verdict.orphans, 'orphan', 'orphans', 'warn'),
    part(verdict.strays, 'stray', 'strays', 'bad'),
  ]
  if (verdict.escaped.length > 0) parts.push(part(verdict.escaped, 'escaped process', 'escaped processes', 'bad'))
  if (verdict.undetermined.length > 0)
    parts.push(
      part(verdict.undetermined, 'zombie-or-orphan not determined', 'zombie-or-orphans not determined', 'warn'),
    )
  return parts
}

/** One line: the verdict in words, e.g. `1 zombie (root.1), no orphans, no strays`. */
export function describeVerdict(verdict: Verdict): string {
  return describeVerdictParts(verdict)
    .map((p) => p.text)
    .join(', ')
}

/** Why a process is in the verdict's `zombies`, in words. */
export function describeZombie(p: Pick<ProcessRecord, 'adopted' | 'reapedAt'>, reaper: RunReport['reaper']): string {
  if (p.adopted)
    return `its parent died without reaping it, so it was handed to ${describeReaper(reaper, false)} as a zombie`
  return p.reapedAt === null ? 'still a zombie at the end' : 'its parent never reaped it (the clean-up did)'
}

/** Why a process is in the verdict's `undetermined`, in words. */
export const UNDETERMINED_WORDS =
  "its exit and its parent's death were seen only together, so whether it was a zombie or an orphan is not known (exact capture or a checkpoint decides it)"

/** The note of a process that already existed when an observation began (`existedBefore`). */
export const EXISTED_BEFORE_WORDS = 'started before the observation'

/** What {@link processNotes} needs to know of the run. */
export interface NoteContext {
  readonly reaper: RunReport['reaper']
  /** The verdict, once the run is over; without it, no fate is named. */
  readonly verdict?: Verdict
  /** Who killed what was left running, when not the run's clean-up: `the leak guard`. */
  readonly cleaner?: string
}

/** Options of {@link processNotes}. */
export interface NoteOptions {
  /** The run is over: `still running` rather than `running`. @default true */
  readonly final?: boolean
  /** Name the reaper's pid. @default false */
  readonly pids?: boolean
  /** Add how long a parent held it as a zombie (load-sensitive, so off in snapshots). @default false */
  readonly durations?: boolean
}

/**
 * What happened to one process, as the notes after its line in every tree picture: `<defunct>`,
 * its fate in the verdict (zombie, orphan, stray), its exit and who reaped it.
 *
 * @example
 * processNotes(report.process('root.1'), report) // ['orphan, adopted by the sentinel', 'exit code 0', 'reaped by the sentinel']
 */
export function processNotes(p: ProcessRecord, context: NoteContext, options: NoteOptions = {}): string[] {
  const out: string[] = []
  const reaper = describeReaper(context.reaper, options.pids ?? false)
  const verdict = context.verdict
  if (p.existedBefore) out.push(EXISTED_BEFORE_WORDS)
  if (p.exitedAt !== null && p.reapedAt === null) out.push('<defunct>')
  if (verdict?.undetermined.includes(p.id)) out.push(`adopted by ${reaper}, zombie or orphan not determined`)
  else if (p.orphaned) out.push(`orphan, adopted by ${reaper}`)
  else if (verdict?.zombies.includes(p.id))
    out.push(
      p.adopted
        ? `zombie, handed to ${reaper} unreaped`
        : p.reapedAt === null
          ? 'never reaped'
          : 'zombie, never reaped by its parent',
    )
  else if (p.adopted) out.push(`adopted by ${reaper}`)
  if (verdict?.escaped.includes(p.id)) out.push('escaped')
  if (p.killedBy) out.push(`stray, killed by ${context.cleaner ?? 'cleanup'} (${p.killedBy})`)
  else if (p.leftover) out.push(strayWords(p))
  else if (p.exitedAt === null) out.push(options.final === false ? 'running' : 'still running')
  if (p.exitedAt !== null && !p.killedBy) out.push(describeStatus(p.exit))
  if (p.reapedBy === 'reaper') out.push(`reaped by ${reaper}`)
  if (options.durations) {
    const held = p.zombie.filter((z) => z.heldBy !== context.reaper.pid)
    const longest = held.reduce((m, z) => Math.max(m, (z.to ?? Number.POSITIVE_INFINITY) - z.from), 0)
    if (longest >= 1)
      out.push(
        Number.isFinite(longest) ? `held as a zombie for ${Math.round(longest)} ms` : 'held as a zombie until the end',
      )
  }
  return out
}

/** A stray that was not killed by the clean-up's signal, as far as its wait status tells. */
function strayWords(p: ProcessRecord): string {
  if (p.exitedAt === null) return 'stray, still running'
  const sent = p.cleanupSignals.at(-1)
  if (sent === undefined) return 'stray'
  return p.exit ? `stray, exited by itself after cleanup's ${sent}` : `stray, ended after cleanup's ${sent}`
}

/** A stop in the timeline: `stopped by SIGTSTP (T)`, or `stopped (T)` when the signal is not known (sampled). */
export function describeStop(state: string, signal: string | null): string {
  return signal === null ? `stopped (${state})` : `stopped by ${signal} (${state})`
}

/**
 * Whether and how a process was stopped and continued, for a check that asks for it (optionally
 * stopped `by` one signal): `root.1 was stopped by SIGTSTP at 210 ms and continued at 388 ms`,
 * `root.1 was stopped by SIGSTOP at 210 ms and continued at 388 ms, never by SIGTSTP`,
 * `root.1 was stopped at 210 ms and never continued`, `root.1 was never stopped`.
 */
export function describeStoppedThenContinued(p: Pick<ProcessRecord, 'id' | 'stopped'>, by?: string): string {
  const bySignal = (s: { signal: string | null }): string => (s.signal === null ? '' : ` by ${s.signal}`)
  const ms = (t: number): string => `${Math.round(t)} ms`
  const wanted = continuedStop(p, by)
  if (wanted) return `${p.id} was stopped${bySignal(wanted)} at ${ms(wanted.from)} and continued at ${ms(wanted.to!)}`
  const other = continuedStop(p)
  const unknown =
    by !== undefined && p.stopped.some((s) => s.signal === null)
      ? ' (which signal stopped it was not recorded: sampled capture)'
      : ''
  if (other)
    return `${p.id} was stopped${bySignal(other)} at ${ms(other.from)} and continued at ${ms(other.to!)}, never by ${by!}${unknown}`
  const first = p.stopped[0]
  if (first) return `${p.id} was stopped${bySignal(first)} at ${ms(first.from)} and never continued`
  return `${p.id} was never stopped`
}

/** A change of the terminal's foreground process group, for the timeline. */
export function describeForeground(pgid: number): string {
  return pgid === 0
    ? 'the terminal has no foreground group (its session leader is gone)'
    : `the terminal's foreground group became ${pgid}`
}

/** Keys typed at the run's terminal, for the timeline: `typed ctrl-z`, `typed "fg\n"`. */
export function describeTyped(text: string): string {
  return `typed ${describeKeys(text)}`
}

/**
 * A reaper by its pid: `the sentinel (pid 4613)` when it is the run's reaper (named by kind), else
 * `the reaper (pid 4613)` (also when the report is not known).
 */
export function describeReaperPid(pid: number, report: Pick<RunReport, 'reaper'> | undefined): string {
  return report && report.reaper.pid === pid ? describeReaper(report.reaper, true) : `the reaper (pid ${pid})`
}

/** One parent in words: its id, or the reaper named by kind, or its pid. */
export function describeParent(
  parent: ProcessRecord['parents'][number],
  report: Pick<RunReport, 'reaper'> | undefined,
): string {
  if (parent.id === 'reaper') return describeReaperPid(parent.pid, report)
  return parent.id ?? `pid ${parent.pid}`
}

/** The parent history: `root.1 → the sentinel (pid 4613)`. */
export function describeParentHistory(
  p: Pick<ProcessRecord, 'parents'>,
  report: Pick<RunReport, 'reaper'> | undefined,
): string {
  return p.parents.map((parent) => describeParent(parent, report)).join(' → ')
}

/**
 * Whether and by whom a process was reaped, naming the reaper: `reaped by its parent root`,
 * `reaped by the sentinel (pid 4613)`, `reaped by the clean-up`, `never reaped`, `never exited`.
 */
export function describeReaping(
  p: Pick<ProcessRecord, 'reapedAt' | 'exitedAt' | 'parents' | 'reapedBy'>,
  report: Pick<RunReport, 'reaper'> | undefined,
): string {
  if (p.reapedAt === null) return p.exitedAt === null ? 'never exited' : 'never reaped'
  const last = p.parents.at(-1)
  if (p.reapedBy === 'parent') return `reaped by its parent${last ? ` ${describeParent(last, report)}` : ''}`
  if (p.reapedBy === 'reaper') return `reaped by ${last ? describeParent(last, report) : 'the reaper'}`
  if (p.reapedBy === 'cleanup') return 'reaped by the clean-up'
  return 'reaped (by whom is not known)'
}
