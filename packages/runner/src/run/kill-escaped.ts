import { findByEnvironment, isOwnProcess, terminateProcesses } from '@proclife/proctable'
import type { ProcessModel } from '@proclife/report'

/** What {@link killEscaped} needs to know of the run. */
export interface EscapeSearch {
  /** The run's token (`PROCLIFE_RUN`). */
  readonly runId: string
  readonly startedAt: Date
  /** Pids that carry the token and are not the run's: the reaper, the sentinel, this process. */
  readonly known: ReadonlySet<number>
  /** SIGTERM, then SIGKILL after this many ms. */
  readonly killAfter: number
  /** The run's clock now (ms since it started, the sentinel's clock). */
  readonly at: () => number
}

/**
 * Without a subreaper, orphans leave the sentinel's tree, and what they start is never seen by
 * it: find those by the environment token, record them in the model as escaped, and kill them.
 */
export async function killEscaped(model: ProcessModel, search: EscapeSearch): Promise<void> {
  const escaped = findByEnvironment('PROCLIFE_RUN', search.runId, search.known).filter(
    (info) => !isOwnProcess(info) && (model.get(info.pid, info.startTicks)?.cleanupSignals.length ?? 0) === 0,
  )
  if (escaped.length === 0) return
  const now = search.at()
  const tracked = escaped.map((info) => {
    const p =
      model.get(info.pid, info.startTicks) ??
      model.spawn(now, {
        pid: info.pid,
        startTicks: info.startTicks,
        ppid: info.ppid,
        comm: info.comm,
        argv: info.argv ?? null,
        state: info.state,
        spawnedAt: Math.max(0, info.startTime - search.startedAt.getTime()),
        late: false,
        root: false,
        found: 'scan',
      })
    p.escaped = true
    p.leftover = true
    return p
  })
  const signals = await terminateProcesses(tracked, { killAfter: search.killAfter })
  for (const p of tracked) {
    const signal = signals.get(p)
    if (signal) model.signalled(search.at(), p, signal, 'cleanup')
  }
}
