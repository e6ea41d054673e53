import { formatIdentity } from './identity.js'
import { readProcessSync } from './linux/index.js'
import { readNsPids } from './linux/ns-pid.js'
import { makeOrphan } from './linux/orphan-probe.js'
import type { ProcessInfo } from './types.js'

/** The process that adopts orphans: the ppid a process gets when its parent dies. */
export interface Reaper {
  /** Its pid. */
  readonly pid: number
  /** Its start time in clock ticks since boot (with `pid`, its identity). */
  readonly startTicks: number
  /** Its command name. */
  readonly comm: string
  /**
   * `init`: PID 1 of the PID namespace. `subreaper`: an ancestor known to have the child-subreaper
   * bit (named by the caller, or seen adopting by `probeReaper`). `unknown`: the ancestry could not be
   * followed (a process vanished, or the parent is in another PID namespace); `pid` is then 0.
   */
  readonly kind: 'init' | 'subreaper' | 'unknown'
  /**
   * Ancestors passed over whose subreaper bit nobody could check (Linux shows it only to the process
   * itself). Empty when the answer is certain; otherwise the nearest of these that has the bit would be
   * the real reaper. `probeReaper()` settles it for the caller's own descendants.
   */
  readonly unchecked: readonly number[]
}

/** Options of `findReaper`. */
interface FindReaperOptions {
  /** Pids known to be child subreapers (e.g. a sentinel that made itself one). */
  readonly subreapers?: Iterable<number>
}

/** What probes have shown, by identity: true = adopts orphans, false = does not. */
const knownBits = new Map<string, boolean>()

const quick = { argv: false, uid: false } as const

/**
 * Finds who would adopt `pid` if its parent died, without disturbing anything: the nearest ancestor
 * above the parent that is a child subreaper, or else PID 1 of the PID namespace. A process's
 * subreaper bit cannot be read from outside, so only ancestors named in `options.subreapers` or seen
 * by `probeReaper()` count as subreapers; the others are listed in `unchecked`.
 *
 * Linux only (reads `/proc`).
 *
 * @returns the reaper, or `undefined` if `pid` does not exist or has no parent to lose (it is a
 *   namespace's init, or its parent is).
 */
export function findReaper(pid: number, options: FindReaperOptions = {}): Reaper | undefined {
  const parent = readProcessSync(readProcessSync(pid, quick)?.ppid ?? 0, quick)
  const parentNs = parent && readNsPids(parent.pid)
  if (!parent || !parentNs || parentNs.at(-1) === 1) return undefined
  const declared = new Set(options.subreapers)
  const unchecked: number[] = []
  // The kernel's own search (find_new_reaper): up from the parent's parent, within its namespace.
  for (let ancestor = readProcessSync(parent.ppid, quick); ancestor; ancestor = readProcessSync(ancestor.ppid, quick)) {
    const ns = readNsPids(ancestor.pid)
    if (!ns || ns.length !== parentNs.length) break
    if (ns.at(-1) === 1) return reaper(ancestor, 'init', unchecked)
    const known = knownBits.get(formatIdentity(ancestor))
    if (known === true || declared.has(ancestor.pid)) return reaper(ancestor, 'subreaper', unchecked)
    if (known === undefined) unchecked.push(ancestor.pid)
  }
  return { pid: 0, startTicks: 0, comm: '', kind: 'unknown', unchecked }
}

function reaper(process: ProcessInfo, kind: Reaper['kind'], unchecked: readonly number[]): Reaper {
  return { pid: process.pid, startTicks: process.startTicks, comm: process.comm, kind, unchecked }
}

/** Options of `probeReaper`. */
interface ProbeReaperOptions {
  /**
   * Longest wait for each step (start, orphaning, adoption, death).
   * @default 5000
   */
  readonly timeoutMs?: number
  /**
   * Also wait until the adopter has reaped the probe's orphan. Some init processes reap lazily
   * (a second or two); a process that is itself the reaper never reaps it from Node.
   * @default false
   */
  readonly awaitReaping?: boolean
}

/**
 * Finds out empirically who adopts the calling process's orphans: starts a child that starts a
 * grandchild, lets the child exit, and reads the grandchild's new parent from `/proc`. The grandchild
 * is then killed (after checking its pid and start time), so nothing is left running. What it shows
 * is remembered: later `findReaper` calls in this process treat the adopter as a known subreaper and
 * the ancestors it passed over as known not to be.
 *
 * Linux only (reads `/proc`, runs `/bin/sh` and `sleep`).
 */
export async function probeReaper(options: ProbeReaperOptions = {}): Promise<Reaper> {
  const { adopter } = await makeOrphan(options.timeoutMs ?? 5000, options.awaitReaping ?? false)
  const isInit = readNsPids(adopter.pid)?.at(-1) === 1
  if (!isInit) knownBits.set(formatIdentity(adopter), true)
  const self = readProcessSync(process.pid, quick)
  for (let p = self; p && p.pid !== adopter.pid; p = readProcessSync(p.ppid, quick))
    knownBits.set(formatIdentity(p), false)
  return reaper(adopter, isInit ? 'init' : 'subreaper', [])
}
