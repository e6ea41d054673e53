import type { ProcessState } from '@proclife/proctable'
import type { ExitStatus, ForegroundRecord, ReportEvent } from './types.js'
import { describeForeground, describeStatus, describeStop, describeTyped } from './words.js'

import { keyOf, type RawEvent, type TrackedProcess } from './tracked-process.js'

export { keyOf, type RawEvent, type TrackedProcess }

/**
 * The run's knowledge of its processes, fed by sentinel events in order. Kept separate from the
 * wire format so that a run without a sentinel can feed it the same way.
 */
export class ProcessModel {
  readonly processes = new Map<string, TrackedProcess>()
  readonly events: RawEvent[] = []
  /** The reaper's pid (the sentinel in subreaper mode). */
  reaperPid = 0
  rootKey: string | null = null
  /** The sentinel's clock, from its hello: clock ticks per second, and CLOCK_BOOTTIME at run start. */
  clock: { readonly clkTck: number; readonly bootMs: number } | null = null
  /** The terminal's foreground groups, in order, when the run has a terminal; `null` when it has none. */
  terminal: ForegroundRecord[] | null = null

  /** A start time in clock ticks since boot, as ms from the start of the run (10 ms resolution). */
  runTimeOf(startTicks: number): number {
    if (!this.clock) return 0
    return Math.max(0, Math.round(((startTicks * 1000) / this.clock.clkTck - this.clock.bootMs) * 100) / 100)
  }

  /** The tracked process whose exit was reported last, if it started no later than `startTicks`. */
  private lastExit(startTicks: number): TrackedProcess | undefined {
    let last: TrackedProcess | undefined
    for (const p of this.processes.values()) {
      if (p.exitedAt !== null && p.startTicks <= startTicks && (!last || p.exitedAt >= last.exitedAt!)) last = p
    }
    return last
  }

  /** The most recently started tracked process with this pid. */
  living(pid: number): TrackedProcess | undefined {
    let found: TrackedProcess | undefined
    for (const p of this.processes.values())
      if (p.pid === pid && (!found || p.startTicks >= found.startTicks)) found = p
    return found
  }

  /**
   * A sampled birth's time comes from its start ticks, rounded down to a clock tick (10 ms), so it
   * can fall inside a span its parent spent stopped — before the SIGCONT that let the parent run
   * and fork. A stopped process forks nothing: such a birth came after the continue, and is placed
   * there (never after the moment it was first seen).
   */
  private notWhileStopped(ppid: number, bornAt: number, firstSeenAt: number): number {
    const stop = this.living(ppid)?.stopped.find((s) => s.from <= bornAt && s.to !== null && s.to > bornAt)
    return stop ? Math.min(stop.to!, firstSeenAt) : bornAt
  }

  get(pid: number, startTicks: number): TrackedProcess | undefined {
    return this.processes.get(keyOf(pid, startTicks))
  }

  /** The live (not exited) processes. */
  alive(): TrackedProcess[] {
    return [...this.processes.values()].filter((p) => p.exitedAt === null && p.reapedAt === null)
  }

  /** The processes that exited but are not reaped yet. */
  zombies(): TrackedProcess[] {
    return [...this.processes.values()].filter((p) => p.exitedAt !== null && p.reapedAt === null)
  }

  private log(at: number, kind: ReportEvent['kind'], key: string | null, exact: boolean, detail: string): void {
    this.events.push({ at, kind, key, exact, detail })
  }

  /**
   * Records a process seen for the first time. `found: 'scan'` is for processes found later by
   * their environment token, whose adoption (if any) cannot be dated.
   */
  spawn(
    at: number,
    e: {
      pid: number
      startTicks: number
      ppid: number
      comm: string
      argv: readonly string[] | null
      state: ProcessState
      spawnedAt: number
      late: boolean
      root: boolean
      found?: 'walk' | 'scan'
      exact?: boolean
      group?: { pgid: number; sid: number }
    },
  ): TrackedProcess {
    const key = keyOf(e.pid, e.startTicks)
    const known = this.processes.get(key)
    if (known) return known
    // The sentinel starts only the root: any other process first seen as the reaper's child was
    // adopted before a sample caught it. Its birth parent is then, almost always, the process
    // whose exit was reported last (the adoption is read right after that exit).
    // A traced birth (exact) names its parent at birth: nothing to guess.
    const exactBirth = e.exact === true && !e.root
    const adoptedUnseen =
      !e.root && !exactBirth && e.found !== 'scan' && e.ppid === this.reaperPid && this.reaperPid !== 0
    const guessed = adoptedUnseen ? this.lastExit(e.startTicks) : undefined
    const parents = adoptedUnseen
      ? [
          { pid: guessed?.pid ?? 0, at: null, exact: false },
          { pid: e.ppid, at: guessed?.exitedAt ?? at, exact: false },
        ]
      : [{ pid: e.ppid, at: e.root ? e.spawnedAt : null, exact: e.root || exactBirth }]
    const p: TrackedProcess = {
      key,
      pid: e.pid,
      startTicks: e.startTicks,
      comm: e.comm,
      argv: e.argv,
      ppid: e.ppid,
      state: e.state,
      parents,
      // A traced birth is timed by its fork event, finer than the start time's clock ticks.
      spawnedAt: exactBirth ? at : this.notWhileStopped(e.ppid, e.spawnedAt, at),
      firstSeenAt: at,
      exitedAt: null,
      reapedAt: null,
      reapedBy: null,
      exit: null,
      zombie: [],
      stopped: [],
      groups: e.group ? [{ at, ...e.group, exact: e.exact === true }] : [],
      frozenByCleanup: false,
      adopted: false,
      orphaned: false,
      orderUnknown: false,
      leftover: false,
      cleanupSignals: [],
      exitedInCleanup: false,
      late: e.late,
      escaped: false,
      existedBefore: false,
      reapedNoEarlierThan: null,
    }
    if (e.root) this.rootKey = key
    if (adoptedUnseen) {
      // Its parent died before we first saw it. Seen running, it outlived that parent; seen only
      // as a zombie, whether it exited before or after the parent died was not seen.
      p.adopted = true
      if (e.state === 'Z' || e.state === 'X') p.orderUnknown = true
      else p.orphaned = true
    }
    this.processes.set(key, p)
    this.log(p.spawnedAt, 'spawn', key, exactBirth, e.argv?.join(' ') ?? e.comm)
    return p
  }

  exec(
    at: number,
    p: TrackedProcess,
    comm: string,
    argv: readonly string[] | null,
    renamed = false,
    exact = false,
  ): void {
    const from = p.comm
    p.comm = comm
    if (renamed) {
      this.log(at, 'exec', key(p), false, `renamed itself from ${from} to ${comm}`)
      return
    }
    p.argv = argv
    this.log(at, 'exec', key(p), exact, argv?.join(' ') ?? comm)
  }

  /**
   * `alive`: whether the process was read running with its new parent (absent from older event
   * sources: then it counts as running unless its exit was recorded).
   */
  reparent(at: number, p: TrackedProcess, to: number, exact: boolean, alive?: boolean): void {
    if (p.ppid === to) return
    const from = p.ppid
    p.ppid = to
    p.parents.push({ pid: to, at, exact })
    // Linux reparents a process only when its parent dies: every reparent is an adoption, by
    // the run's reaper or by a subreaper the fixture made itself — unless the clean-up killed
    // the parent (its signal always comes first in the stream), which is not the fixture's doing.
    const byCleanup = (this.living(from)?.cleanupSignals.length ?? 0) > 0
    if (!byCleanup) {
      p.adopted = true
      // The order decides: an exit recorded before this reparent makes it a zombie handed over;
      // read running now, it outlived its parent; read as a zombie whose exit we had not yet
      // recorded, the order of the two was not seen.
      if (p.exitedAt === null) {
        if (alive === false) p.orderUnknown = true
        else p.orphaned = true
      }
    }
    const byReaper = to === this.reaperPid
    const how = byCleanup ? 'killed by the clean-up' : 'died'
    this.log(
      at,
      'reparent',
      key(p),
      exact,
      byReaper
        ? `adopted by the reaper (${to}) after ${from} ${how}`
        : `adopted by ${to} (a subreaper) after ${from} ${how}`,
    )
    // A zombie handed to a new parent is no longer held by the one that died.
    const open = p.zombie.at(-1)
    if (open && open.to === null) {
      p.zombie[p.zombie.length - 1] = { ...open, to: at }
      p.zombie.push({ from: at, to: null, heldBy: to })
    }
  }

  /** `signal`: what stopped (or continued) it, when the sentinel knows (traced); the change is then exact. */
  setState(at: number, p: TrackedProcess, state: ProcessState, signal?: string): void {
    const was = p.state
    p.state = state
    const open = p.stopped.at(-1)?.to === null
    if (state === 'T' || state === 't') {
      this.log(at, 'stop', key(p), signal !== undefined, describeStop(state, signal ?? null))
      if (!open && !p.frozenByCleanup) p.stopped.push({ signal: signal ?? null, from: at, to: null })
    } else if (was === 'T' || was === 't') {
      this.log(at, 'continue', key(p), signal !== undefined, `continued (${state})`)
      if (open) p.stopped[p.stopped.length - 1] = { ...p.stopped.at(-1)!, to: at }
    }
  }

  /**
   * `ppid`: the parent /proc showed when the exit was handled. Not the parent recorded so far: the
   * recorded parent died before we looked, and whether before or after this exit was not seen.
   */
  exited(at: number, p: TrackedProcess, status: ExitStatus | null, exact: boolean, ppid?: number): void {
    if (p.exitedAt !== null) {
      if (status && !p.exit) p.exit = status
      return
    }
    if (
      ppid !== undefined &&
      ppid !== p.ppid &&
      !p.orphaned &&
      p.key !== this.rootKey &&
      (this.living(p.ppid)?.cleanupSignals.length ?? 0) === 0
    )
      p.orderUnknown = true
    p.exitedAt = at
    p.exitedInCleanup = p.cleanupSignals.length > 0
    p.state = 'Z'
    if (status) p.exit = status
    p.zombie.push({ from: at, to: null, heldBy: p.ppid })
    this.log(at, 'exit', key(p), exact, describeStatus(status))
  }

  reaped(
    at: number,
    p: TrackedProcess,
    by: 'sentinel' | 'parent',
    status: ExitStatus | null,
    exact: boolean,
    noEarlierThan: number | null,
  ): void {
    if (p.reapedAt !== null) return
    if (p.exitedAt === null) this.exited(at, p, status, exact)
    if (status) p.exit = status
    p.reapedAt = at
    // A reap by another parent is reported when the sentinel handles it — even when the kernel
    // notified it exactly, that can be late on a loaded machine. It happened after the last time
    // the sentinel saw the zombie (re-read every interval), which is the bound the verdict uses.
    // The sentinel's own reaps are its own act, timed exactly.
    p.reapedNoEarlierThan = by === 'sentinel' ? at : (noEarlierThan ?? at)
    const original = p.parents[0]?.pid
    // The stream is causal: the clean-up's signal to a process (or to the parent that held its
    // zombie) always comes before the sentinel reports reaping it.
    const heldByCleanedUp = p.zombie.some((z) => (this.living(z.heldBy)?.cleanupSignals.length ?? 0) > 0)
    const reaper = by === 'sentinel' || p.ppid === this.reaperPid
    // The root's parent is the harness (the sentinel, or the runner without one): its reap is the parent's.
    p.reapedBy =
      !reaper || original === this.reaperPid || p.key === this.rootKey
        ? 'parent'
        : p.cleanupSignals.length > 0 || heldByCleanedUp
          ? 'cleanup'
          : 'reaper'
    const open = p.zombie.at(-1)
    if (open && open.to === null) p.zombie[p.zombie.length - 1] = { ...open, to: at }
    this.log(
      at,
      'reap',
      key(p),
      exact,
      `reaped by ${p.reapedBy === 'parent' ? `its parent (${p.ppid})` : `the reaper (${p.ppid})`}`,
    )
  }

  /** The process is in another group or session than last seen; `exact`: caught at the call's return. */
  regrouped(at: number, p: TrackedProcess, pgid: number, sid: number, exact = false): void {
    const last = p.groups.at(-1)
    const what =
      last === undefined || last.sid !== sid ? `a new session ${sid}, process group ${pgid}` : `process group ${pgid}`
    p.groups.push({ at, pgid, sid, exact })
    this.log(at, 'group', key(p), exact, `moved to ${what}`)
  }

  /** `group`: the signal went to the process group of that id, through this process. */
  signalled(at: number, p: TrackedProcess, signal: string, reason: string, group?: number): void {
    // The clean-up freezes the tree with SIGSTOP and thaws it with SIGCONT around each SIGTERM;
    // only the signal meant to end the process is the one it was killed by.
    if (reason === 'cleanup' && signal !== 'SIGSTOP' && signal !== 'SIGCONT') p.cleanupSignals.push(signal)
    if (reason === 'cleanup') p.frozenByCleanup = true
    this.log(
      at,
      'signal',
      key(p),
      true,
      group === undefined ? `${signal} (${reason})` : `${signal} to its process group ${group} (${reason})`,
    )
  }

  /** The terminal's foreground process group is now `pgid` (0: none). */
  foreground(at: number, pgid: number, exact = false): void {
    this.terminal ??= []
    this.terminal.push({ at, pgid, exact })
    this.log(at, 'foreground', null, exact, describeForeground(pgid))
  }

  /** Keys were typed at the terminal (the sentinel wrote them into it at `at`). */
  typed(at: number, text: string): void {
    this.log(at, 'typed', null, true, describeTyped(text))
  }

  note(at: number, kind: ReportEvent['kind'], detail: string, p?: TrackedProcess): void {
    this.log(at, kind, p ? key(p) : null, true, detail)
  }
}

const key = (p: TrackedProcess): string => p.key
