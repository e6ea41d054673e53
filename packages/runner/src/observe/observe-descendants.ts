import { findReaper, readProcessSync, subtreeSync, type ProcessInfo } from '@proclife/proctable'
import { resolveOptions, type RunOptions } from '../options.js'
import { buildReport, keyOf, ProcessModel, type RunReportWithLookup, type TrackedProcess } from '@proclife/report'
import { BoundedOutput } from '../run/output.js'
import { newRunId } from '../run/run-id.js'

/** Options of {@link observeDescendants}: the sampling and settling subset of {@link RunOptions}. */
export type ObserveOptions = Pick<RunOptions, 'interval' | 'settle' | 'overlapMargin'> & {
  /**
   * Leave out the descendants that already exist when the observation starts (a helper started in
   * `beforeAll`, say): they get no label, are not waited for and are never strays.
   * @default false
   */
  readonly ignoreExisting?: boolean
}

/** An observation of the current process's descendants, started by {@link observeDescendants}. */
export interface Observation {
  /** The id put in `PROCLIFE_RUN` for processes started during the observation. */
  readonly runId: string
  /**
   * Stops observing: waits (bounded by `settle`) for the descendants to finish, and returns the
   * report. It kills nothing: processes still alive are reported as strays, for the caller (the
   * leak guard, a matcher) to act on. `timedOut`: the code observed did not finish in its time
   * (the report then says `timedOut: true`).
   */
  stop(options?: { readonly timedOut?: boolean }): Promise<RunReportWithLookup>
}

/**
 * Records what happens to the processes the current process starts — a worker pool inside the
 * test, say — as a {@link RunReport} rooted at the current process (`root`). There is no sentinel
 * here (the test process cannot be made the subreaper without piling up zombies in it), so the
 * report has `isolation: "none"`: orphans go to the machine's reaper and are followed there by
 * their identity, and every time is sampled.
 */
export function observeDescendants(options: ObserveOptions = {}): Observation {
  const { ignoreExisting = false, ...runOptions } = options
  const resolved = resolveOptions(runOptions)
  const runId = newRunId()
  const model = new ProcessModel()
  const t0 = performance.now()
  const startedAt = new Date()
  const at = (): number => Math.round((performance.now() - t0) * 1000) / 1000
  const self = readProcessSync(process.pid)
  if (!self) throw new Error('Cannot read the current process from /proc.')
  const reaper = findReaper(process.pid)
  model.reaperPid = reaper?.pid ?? 1
  const sinceStart = (info: ProcessInfo): number => Math.max(0, info.startTime - startedAt.getTime())
  model.spawn(0, { pid: self.pid, startTicks: self.startTicks, ppid: self.ppid, comm: self.comm, argv: self.argv ?? null, state: self.state, spawnedAt: 0, late: false, root: true })
  const ignored = new Set<string>()
  if (ignoreExisting) {
    for (const info of subtreeSync(process.pid, { argv: false, uid: false }).processes.values()) {
      if (info.pid !== process.pid) ignored.add(keyOf(info.pid, info.startTicks))
    }
  }
  const previousToken = process.env['PROCLIFE_RUN']
  process.env['PROCLIFE_RUN'] = runId

  const sample = (): void => {
    const now = at()
    const seen = new Set<string>()
    for (const info of subtreeSync(process.pid).processes.values()) {
      const key = keyOf(info.pid, info.startTicks)
      if (ignored.has(key)) continue
      seen.add(key)
      const p = model.processes.get(key) ?? model.spawn(now, { pid: info.pid, startTicks: info.startTicks, ppid: info.ppid, comm: info.comm, argv: info.argv ?? null, state: info.state, spawnedAt: sinceStart(info), late: false, root: false })
      update(now, p, info)
    }
    // Processes that left the subtree: reparented away (orphans) or reaped.
    for (const p of model.processes.values()) {
      if (seen.has(p.key) || p.reapedAt !== null || p.pid === process.pid) continue
      const info = readProcessSync(p.pid, { argv: false, uid: false })
      if (info && info.startTicks === p.startTicks) update(now, p, info)
      else model.reaped(now, p, 'parent', null, false, null)
    }
  }
  const update = (now: number, p: TrackedProcess, info: ProcessInfo): void => {
    if (info.comm !== p.comm) model.exec(now, p, info.comm, info.argv ?? p.argv)
    if (info.ppid !== p.ppid) model.reparent(now, p, info.ppid, false, info.state !== 'Z')
    if (info.state === 'Z') model.exited(now, p, null, false)
    else if (info.state !== p.state) model.setState(now, p, info.state)
  }
  const timer = setInterval(sample, resolved.interval)
  timer.unref()
  sample()

  return {
    runId,
    async stop({ timedOut = false } = {}) {
      const deadline = performance.now() + resolved.settle
      sample()
      while (model.alive().some((p) => p.pid !== process.pid) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, resolved.interval))
        sample()
      }
      clearInterval(timer)
      if (previousToken === undefined) delete process.env['PROCLIFE_RUN']
      else process.env['PROCLIFE_RUN'] = previousToken
      for (const p of model.alive()) if (p.pid !== process.pid) p.leftover = true
      const empty = new BoundedOutput(null, 0)
      return buildReport({
        model, checkpoints: [], runId, argv: process.argv, interpreter: null, options: resolved, startedAt,
        durationMs: at(), isolation: 'none', isolationNote: 'observing the current process: no sentinel can adopt its orphans',
        capture: { mode: 'sampled', reason: 'observing the current process: nothing traces it' }, reaperKind: reaper?.kind ?? 'unknown',
        exit: { code: null, signal: null }, timedOut, stdout: empty, stderr: empty,
      })
    },
  }
}
