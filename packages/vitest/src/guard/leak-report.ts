import { findReaper, readProcessSync, type ProcessIdentity, type ProcessInfo } from '@proclife/proctable'
import { buildReport, ProcessModel, type RunReportWithLookup, type TrackedProcess } from '@proclife/report'
import type { StartedProcess } from './find-started.js'
import type { SpawnSite } from './spawn-sites.js'

/** What the guard knows of one test when it found a leak. */
export interface LeakEvidence {
  /** The test's token (the report's run id). */
  readonly token: string
  readonly startedAt: Date
  readonly durationMs: number
  /** `performance.now()` when the test began (the clock of each spawn's `at`). */
  readonly t0: number
  /** The test's spawns through child_process, in order. */
  readonly spawns: readonly SpawnSite[]
  /** What {@link findStarted} found after the test, before anything was killed. */
  readonly found: readonly StartedProcess[]
  /**
   * What the guard then killed (SIGKILL, by identity): drawn as killed by the leak guard, in the
   * words of every picture. Absent: nothing killed yet.
   */
  readonly killed?: readonly ProcessIdentity[]
}

const nothing = { text: (): string => '', bytes: 0, truncated: false }

/**
 * The report of one guarded test, rooted at the test process, built from what the guard found
 * after it (nothing was sampled while it ran): each process found, under its parent; a process
 * whose parent ended (an escaped one: a background job, a double fork, a daemon) under the spawn
 * that started it, as adopted by its current parent — the processes in between ended unseen.
 * Spawns that started a leaked process but have ended themselves are drawn as ended.
 */
export function leakReport(evidence: LeakEvidence): RunReportWithLookup {
  const model = new ProcessModel()
  const reaper = findReaper(process.pid)
  model.reaperPid = reaper?.pid ?? 1
  const t0 = evidence.startedAt.getTime()
  // When each process started, in ms since the test began: a spawn's own process at the call
  // (timed by the spawn hook), the others by their start time in /proc (to the clock tick).
  const byPid = new Map(evidence.spawns.filter((s) => s.pid !== undefined).map((s) => [s.pid!, s]))
  const sinceStart = (info: ProcessInfo): number => {
    const site = byPid.get(info.pid)
    return Math.max(0, site ? site.at - evidence.t0 : info.startTime - t0)
  }
  const end = evidence.durationMs
  const self = readProcessSync(process.pid)
  if (!self) throw new Error('Cannot read the current process from /proc.')
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

  const foundPids = new Set(evidence.found.map((p) => p.info.pid))
  const tracked = new Map<number, TrackedProcess>([[self.pid, model.processes.get(model.rootKey!)!]])
  // The spawns whose processes ended but left something behind: the top of what escaped.
  const spawned = new Map<number, TrackedProcess>()
  for (const s of evidence.spawns) {
    if ((s.pid !== undefined && foundPids.has(s.pid)) || !evidence.found.some((p) => p.spawn === s.index)) continue
    const [comm = s.command, ...rest] = s.command.split(' ')
    // It started before what it left behind (the labels place a child under a parent that started
    // no later). execSync and execFileSync do not tell the pid they ran: 0 stands for it.
    const startTicks = Math.min(...evidence.found.filter((p) => p.spawn === s.index).map((p) => p.info.startTicks))
    const at = Math.max(0, s.at - evidence.t0)
    const p = model.spawn(at, {
      pid: s.pid ?? 0,
      startTicks,
      ppid: self.pid,
      comm: comm.split('/').at(-1) ?? comm,
      argv: [comm, ...rest],
      state: 'S',
      spawnedAt: at,
      late: false,
      root: false,
    })
    model.reaped(end, p, 'parent', null, false, null)
    spawned.set(s.index, p)
    if (s.pid !== undefined) tracked.set(s.pid, p)
  }
  for (const { info, spawn } of evidence.found) {
    const known = tracked.get(info.ppid)
    const top = spawn === null ? undefined : spawned.get(spawn)
    const birthParent = known ?? top ?? tracked.get(self.pid)!
    const at = sinceStart(info)
    const p = model.spawn(at, {
      pid: info.pid,
      startTicks: info.startTicks,
      ppid: birthParent.pid,
      comm: info.comm,
      argv: info.argv ?? null,
      state: info.state,
      spawnedAt: at,
      late: false,
      root: false,
      exact: true,
    })
    if (!known) model.reparent(end, p, info.ppid, false, info.state !== 'Z')
    if (info.state === 'Z') model.exited(end, p, null, false)
    else p.leftover = true
    if (p.leftover && evidence.killed?.some((k) => k.pid === info.pid && k.startTicks === info.startTicks)) {
      p.cleanupSignals.push('SIGKILL')
      model.reaped(end, p, 'sentinel', { code: null, signal: 'SIGKILL', core: false }, false, null)
    }
    tracked.set(info.pid, p)
  }
  return buildReport({
    model,
    checkpoints: [],
    runId: evidence.token,
    argv: process.argv,
    interpreter: null,
    options: { timeout: 0, settle: 0, killAfter: 0, interval: 0, overlapMargin: 0, maxOutput: 0, cwd: process.cwd() },
    startedAt: evidence.startedAt,
    durationMs: end,
    isolation: 'none',
    isolationNote: 'a guarded test: its processes are found after it by their token and pid, not followed as they ran',
    capture: { mode: 'sampled', reason: 'the leak guard reads the table once, after the test' },
    reaperKind: reaper?.kind ?? 'unknown',
    exit: { code: null, signal: null },
    timedOut: false,
    stdout: nothing,
    stderr: nothing,
    ...(evidence.killed === undefined ? {} : { cleaner: 'the leak guard' }),
  })
}
