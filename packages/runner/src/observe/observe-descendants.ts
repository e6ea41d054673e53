import { findReaper, isOwnProcess, readProcessSync, subtreeSync, type ProcessInfo } from '@proclife/proctable'
import { resolveOptions, type RunOptions } from '../options.js'
import { buildReport, keyOf, ProcessModel, type RunReportWithLookup, type TrackedProcess } from '@proclife/report'
import { BoundedOutput } from '../run/output.js'
import { newRunId } from '../run/run-id.js'

/** What an `ignore` predicate of {@link ObserveOptions} is shown of a process, when it is first seen. */
export type ObservedProcess = Pick<ProcessInfo, 'pid' | 'startTicks' | 'ppid' | 'comm' | 'argv'>

/**
 * Options of {@link observeDescendants}: the sampling and settling subset of {@link RunOptions},
 * and which processes to leave out.
 */
export type ObserveOptions = Pick<RunOptions, 'interval' | 'settle' | 'overlapMargin'> & {
  /**
   * Leave out the descendants that already exist when the observation starts (a helper started in
   * `beforeAll`, say): they get no label, are not waited for and are never strays. By default those
   * still alive (not zombies: they had ended already) are in the report, marked `existedBefore: true` ("started before the observation" in the
   * tree), and judged like the rest: a pool created in `beforeEach` is what `pool.terminate()`
   * must end.
   * @default false
   */
  readonly ignoreExisting?: boolean
  /**
   * Processes to leave out, with everything they start: their pids, or a predicate asked once per
   * process when it is first seen (`(p) => p.argv?.includes('server.js') ?? false`).
   * proclife's own processes (the leak guard's watcher, a run's sentinel, interpreter probes) are
   * always left out.
   * @default []
   */
  readonly ignore?: readonly number[] | ((process: ObservedProcess) => boolean)
}

/** An observation of the current process's descendants, started by {@link observeDescendants}. */
export interface Observation {
  /** The id put in `PROCLIFE_RUN` for processes started during the observation. */
  readonly runId: string
  /**
   * Stops observing: waits for the descendants to finish — at most `settle` ms (1000 by default,
   * the one rule for "left running": `SETTLE_MS` of `@proclife/report`; `0` judges at once) — and
   * returns the report. It kills nothing: processes still alive are reported as strays, for the caller (the
   * leak guard, a matcher) to act on. `timedOut`: the code observed did not finish in its time
   * (the report then says `timedOut: true`).
   */
  stop(options?: { readonly timedOut?: boolean }): Promise<RunReportWithLookup>
}

/**
 * Records what happens to the current process's descendants — those it already has (marked
 * `existedBefore`) and those it starts meanwhile, a worker pool inside the test, say — as a
 * {@link RunReport} rooted at the current process (`root`). proclife's own processes are never in
 * it. There is no sentinel
 * here (the test process cannot be made the subreaper without piling up zombies in it), so the
 * report has `isolation: "none"`: orphans go to the machine's reaper and are followed there by
 * their identity, and every time is sampled.
 *
 * @example
 * const observation = observeDescendants()
 * await pool.terminate()
 * const report = await observation.stop()
 * expect(report.verdict.strays).toEqual([])
 */
export function observeDescendants(options: ObserveOptions = {}): Observation {
  const { ignoreExisting = false, ignore = [], ...runOptions } = options
  if (typeof ignore !== 'function' && !(Array.isArray(ignore) && ignore.every((pid) => Number.isSafeInteger(pid)))) {
    throw new TypeError(
      `observeDescendants(): ignore must be a list of pids or a predicate; received ${JSON.stringify(ignore)}.`,
    )
  }
  const ignoredPid = typeof ignore === 'function' ? ignore : (p: ObservedProcess): boolean => ignore.includes(p.pid)
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
  model.spawn(0, {
    pid: self.pid,
    startTicks: self.startTicks,
    ppid: self.ppid,
    comm: self.comm,
    argv: self.argv ?? null,
    state: self.state,
    spawnedAt: 0,
    late: false,
    root: true,
  })
  // Left out with everything they start: decided once per process, at first sight.
  const ignored = new Set<string>()
  let first = true
  const previousToken = process.env['PROCLIFE_RUN']
  process.env['PROCLIFE_RUN'] = runId

  const sample = (): void => {
    const now = at()
    const seen = new Set<string>()
    const skipped = new Set<number>()
    // The subtree is read parents first, so a process's parent has been decided before it. A
    // zombie at the first look had ended before the observation (an earlier test's child that
    // Node has not reaped yet): nothing of the code observed, left out.
    for (const info of subtreeSync(process.pid).processes.values()) {
      const key = keyOf(info.pid, info.startTicks)
      const known = model.processes.get(key)
      if (
        !known &&
        (ignored.has(key) ||
          skipped.has(info.ppid) ||
          isOwnProcess(info) ||
          (first && (ignoreExisting || info.state === 'Z')) ||
          ignoredPid(info))
      ) {
        ignored.add(key)
        skipped.add(info.pid)
        continue
      }
      seen.add(key)
      const p =
        known ??
        model.spawn(now, {
          pid: info.pid,
          startTicks: info.startTicks,
          ppid: info.ppid,
          comm: info.comm,
          argv: info.argv ?? null,
          state: info.state,
          spawnedAt: sinceStart(info),
          late: false,
          root: false,
        })
      if (first && p.pid !== process.pid) p.existedBefore = true
      update(now, p, info)
    }
    first = false
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
  // A throwing `ignore` predicate must not become an uncaught exception of the timer: it is thrown
  // by observeDescendants() (at the first look) or by stop().
  let failure: { error: unknown } | undefined
  const look = (): void => {
    try {
      if (!failure) sample()
    } catch (error) {
      failure = { error }
    }
  }
  const timer = setInterval(look, resolved.interval)
  timer.unref()
  const finish = (): void => {
    clearInterval(timer)
    if (previousToken === undefined) delete process.env['PROCLIFE_RUN']
    else process.env['PROCLIFE_RUN'] = previousToken
    if (failure) throw failure.error
  }
  look()
  if (failure) finish()

  return {
    runId,
    async stop({ timedOut = false } = {}) {
      // The one rule for "left running" (SETTLE_MS in @proclife/report): the call to stop() is the
      // event; a process still alive has `settle` ms to end, looked for every `interval` ms (Node
      // has no pidfd), so an observation whose processes have all ended pays one look.
      const deadline = performance.now() + resolved.settle
      look()
      while (!failure && model.alive().some((p) => p.pid !== process.pid) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, resolved.interval))
        look()
      }
      finish()
      for (const p of model.alive()) if (p.pid !== process.pid) p.leftover = true
      const empty = new BoundedOutput(null, 0)
      return buildReport({
        model,
        checkpoints: [],
        runId,
        argv: process.argv,
        interpreter: null,
        options: resolved,
        startedAt,
        durationMs: at(),
        isolation: 'none',
        isolationNote: 'observing the current process: no sentinel can adopt its orphans',
        capture: { mode: 'sampled', reason: 'observing the current process: nothing traces it' },
        reaperKind: reaper?.kind ?? 'unknown',
        exit: { code: null, signal: null },
        timedOut,
        stdout: empty,
        stderr: empty,
      })
    },
  }
}
