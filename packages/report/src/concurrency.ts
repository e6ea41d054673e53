import { clockTicksPerSecond } from '@proclife/proctable'
import { matchesFilter, type ProcessFilter } from './process-filter.js'
import type { ProcessRecord, RunReport } from './types.js'

/** The most processes besides the root alive at one moment, and which they were. */
export interface PeakConcurrency {
  readonly count: number
  readonly ids: readonly string[]
}

/**
 * The most processes besides the root (or, with a `filter`, of those it keeps) that were alive at
 * one moment in a run, and which they were. Under exact capture, the timeline holds every birth and every exit in the kernel's order,
 * so the peak is counted by walking it: a process is alive from its spawn to its exit, and an
 * overlap of a microsecond counts as much as one of a minute. Under sampled capture it is
 * {@link sampledPeak}, which needs the run's `overlapMargin`. Checkpoints, where the whole tree was
 * recorded at once, count exactly in both.
 */
export function peakConcurrency(report: RunReport, options: PeakOptions = {}): PeakConcurrency {
  const counted = countedIds(report.processes, options.filter)
  const fromEvents =
    report.capture.mode === 'exact' && everyBirthAndExitExact(report)
      ? exactPeak(report, counted)
      : sampledPeak(report, counted)
  return atLeastCheckpoints(report, fromEvents, counted)
}

/** Options of {@link peakConcurrency}. */
export interface PeakOptions {
  /** Count only these processes (`'worker.js'`, `/worker/`, a predicate); the root never counts. @default every process */
  readonly filter?: ProcessFilter
}

/** The ids the peak counts: every process but the root, or those the filter keeps. */
function countedIds(processes: readonly ProcessRecord[], filter: ProcessFilter | undefined): ReadonlySet<string> {
  const keep = filter === undefined ? () => true : matchesFilter(filter)
  return new Set(processes.filter((p) => p.id !== 'root' && keep(p)).map((p) => p.id))
}

/**
 * Whether every spawn and exit on the timeline (the root's aside, which the sentinel started itself)
 * was recorded when it happened, not sampled.
 */
function everyBirthAndExitExact(report: RunReport): boolean {
  return report.events.every((e) => (e.kind !== 'spawn' && e.kind !== 'exit') || e.id === 'root' || e.exact)
}

/** The peak counted in the order of events: only ordering decides it, never durations. */
function exactPeak(report: RunReport, counted: ReadonlySet<string>): PeakConcurrency {
  const alive = new Set<string>()
  let best: PeakConcurrency = { count: 0, ids: [] }
  for (const e of report.events) {
    if (e.id === null || !counted.has(e.id)) continue
    if (e.kind === 'spawn') {
      alive.add(e.id)
      if (alive.size > best.count) best = { count: alive.size, ids: [...alive] }
    } else if (e.kind === 'exit') {
      alive.delete(e.id)
    }
  }
  return best
}

/**
 * The peak from sampled times. Start times come from /proc start ticks, rounded down to one clock
 * tick, and an exit is timed when the sentinel handles it, which on a loaded machine can be tens of
 * ms late. So a process counts from the end of its start tick, and an overlap counts only when it
 * lasted longer than the run's `overlapMargin`: a short one is never counted by mistake, a long one
 * always is.
 */
function sampledPeak(report: RunReport, counted: ReadonlySet<string>): PeakConcurrency {
  const tick = 1000 / clockTicksPerSecond()
  const grace = report.options.overlapMargin
  const spans = report.processes
    .filter((p) => counted.has(p.id))
    .map((p) => {
      const to = p.exitedAt ?? Number.POSITIVE_INFINITY
      return { id: p.id, from: Math.min(p.spawnedAt + tick, to - 1e-6), to }
    })
  let best: PeakConcurrency = { count: 0, ids: [] }
  for (const s of spans) {
    const alive = spans.filter((o) => o === s || (o.from <= s.from && o.to > s.from + grace && s.to > s.from + grace))
    if (alive.length > best.count) best = { count: alive.length, ids: alive.map((o) => o.id) }
  }
  return best
}

/** The larger of a peak and every checkpoint's count of live (not zombie) processes. */
function atLeastCheckpoints(report: RunReport, peak: PeakConcurrency, counted: ReadonlySet<string>): PeakConcurrency {
  let best = peak
  for (const c of report.checkpoints) {
    const alive = c.processes.filter((p) => counted.has(p.id) && p.state !== 'Z')
    if (alive.length > best.count) best = { count: alive.length, ids: alive.map((p) => p.id) }
  }
  return best
}
