import { findReaper } from '@proclife/proctable'
import type { HelloEvent, RunReport } from '@proclife/report'
import type { ResolvedOptions } from '../options.js'

/** What a run learns from the sentinel's `hello`: who reaps orphans, and how the tree is captured. */
export interface HelloFacts {
  /** The pid orphans go to: the sentinel's (a subreaper), or the machine's reaper (0: unknown). */
  readonly reaperPid: number
  readonly reaperKind: RunReport['reaper']['kind']
  readonly subreaper: boolean
  readonly capture: RunReport['capture']
  /** Why the run is not isolated, when it is not. */
  readonly isolationNote: string | null
}

/** Reads a (protocol-checked) `hello` against the run's options. */
export function factsOfHello(event: HelloEvent, options: Pick<ResolvedOptions, 'capture' | 'isolation'>): HelloFacts {
  const capture: RunReport['capture'] =
    event.capture === 'exact'
      ? { mode: 'exact', reason: null }
      : {
          mode: 'sampled',
          reason:
            options.capture === 'sampled'
              ? 'capture "sampled" was asked for (option capture, or PROCLIFE_CAPTURE=sampled)'
              : (event.captureReason ?? 'unknown reason'),
        }
  if (event.subreaper)
    return { reaperPid: event.pid, reaperKind: 'sentinel', subreaper: true, capture, isolationNote: null }
  // Orphans go where they would have gone without us: the nearest subreaper above the
  // sentinel, or PID 1 of the namespace.
  const reaper = findReaper(event.pid)
  return {
    reaperPid: reaper?.pid ?? 0,
    reaperKind: reaper?.kind ?? 'unknown',
    subreaper: false,
    capture,
    isolationNote:
      options.isolation === 'none'
        ? `isolation "none" was asked for: orphans go to the machine's reaper (${reaper?.comm ?? 'unknown'}, pid ${reaper?.pid ?? '?'}), escaped processes are found by the PROCLIFE_RUN token`
        : `no subreaper (${event.subreaperError ?? 'unknown reason'}): orphans go to the machine's reaper, escaped processes are found by the PROCLIFE_RUN token`,
  }
}
