import { applyEvent, type RawCheckpoint } from './apply-event.js'
import { buildReport, type CapturedOutput } from './build-report.js'
import type { SentinelEvent } from './protocol/events.js'
import type { RunReportWithLookup } from './lookup.js'
import { ProcessModel } from './model.js'
import type { ReportOptions } from './types.js'

const noOutput: CapturedOutput = { text: () => '', bytes: 0, truncated: false }

/** Options of {@link replayEvents}: what a recorded stream does not say about its run. */
export interface ReplayOptions {
  /** The options the run had. @default the runner's defaults */
  readonly options?: Partial<ReportOptions>
  /** The argv that was launched. @default the root's argv from its spawn event */
  readonly argv?: readonly string[]
}

/**
 * Builds the report of a run from its recorded sentinel events (one per line, as the runner's
 * `eventLog` option writes them), without launching anything: the same model, labels, verdict and
 * pictures a live run gets. This is how the report core is tested edge by edge, and how a report
 * can be rebuilt after the rules change.
 *
 * @example
 * const events = readFileSync('run.jsonl', 'utf8').trim().split('\n').map(parseSentinelEvent)
 * replayEvents(events).verdict // { zombies: ['root.1'], orphans: [], … }
 */
export function replayEvents(events: readonly SentinelEvent[], replay: ReplayOptions = {}): RunReportWithLookup {
  const model = new ProcessModel()
  const checkpoints: RawCheckpoint[] = []
  let exit: { code: number | null; signal: string | null } = { code: null, signal: null }
  let last = 0
  let subreaper = true
  let capture: { mode: 'exact' | 'sampled'; reason: string | null } = {
    mode: 'sampled',
    reason: 'the stream has no hello',
  }
  let argv: readonly string[] | undefined = replay.argv
  for (const event of events) {
    last = Math.max(last, event.t)
    if (event.ev === 'hello') {
      model.reaperPid = event.pid
      subreaper = event.subreaper
      // Streams recorded before protocol 2 have no capture field: they were sampled.
      capture =
        event.capture === 'exact'
          ? { mode: 'exact', reason: null }
          : { mode: 'sampled', reason: event.captureReason ?? 'recorded before exact capture' }
    }
    if (event.ev === 'spawn' && event.root && argv === undefined) argv = event.argv ?? [event.comm]
    const effect = applyEvent(model, event, checkpoints)
    if (effect?.kind === 'root-exit') exit = effect.exit
  }
  const options = {
    timeout: 30_000,
    settle: 1000,
    killAfter: 500,
    interval: 5,
    overlapMargin: 100,
    maxOutput: 1024 * 1024,
    cwd: '/',
    ...replay.options,
  }
  return buildReport({
    model,
    checkpoints,
    runId: 'replay',
    argv: argv ?? [],
    interpreter: null,
    options,
    startedAt: new Date(0),
    durationMs: last,
    isolation: subreaper ? 'subreaper' : 'none',
    isolationNote: null,
    capture,
    reaperKind: subreaper ? 'sentinel' : 'unknown',
    exit,
    timedOut: false,
    stdout: noOutput,
    stderr: noOutput,
  })
}
