import { readdirSync, readFileSync } from 'node:fs'
import { isOwnProcess, readProcessSync, type ProcessInfo } from '@proclife/proctable'
import { carriesOtherToken, tokenIn } from './guard-token.js'
import { inWindow, pidsBetween, readPidMax } from './pid-window.js'

/** A process a test started, found by {@link findStarted}. */
export interface StartedProcess {
  readonly info: ProcessInfo
  /** Which spawn of the test started it (its top ancestor), or `null` if that is not known. */
  readonly spawn: number | null
}

/** Where to look: the pid window of the test and the token its processes carry. */
export interface SearchScope {
  /** The last pid allocated before the test started (`undefined`: unknown, search every pid). */
  readonly from: number | undefined
  /** The last pid allocated when the search began (`undefined`: unknown). */
  readonly to: number | undefined
  /** The test's token (see `testToken`). */
  readonly token: string
  /** Pids to leave out besides proclife's own processes (those are always left out, by identity). */
  readonly exclude: ReadonlySet<number>
}

/** Above this many pids in the window, one pass over `/proc` is cheaper than a look at each pid. */
const WINDOW_LIMIT = 2048

/**
 * The processes a test started that still exist (running, stopped or zombies), however they left
 * the test process's tree. A pid allocated during the test belongs to it when the process carries
 * the test's token in its environment (inherited, so a background job, a double fork or a
 * `setsid` daemon still has it), or when its parent is the test process or another process found
 * here (so a child that cleared its environment, or a zombie, whose environment cannot be read, is
 * found while its parent is). Pids are looked at in allocation order, so parents come first.
 *
 * What cannot be found: a process that cleared its environment **and** left the tree (its parent
 * ended before the search). Reads only pids allocated during the test.
 */
export function findStarted(scope: SearchScope): StartedProcess[] {
  const { from, to } = scope
  const pids =
    from === undefined || to === undefined
      ? scanWindow(0, 0)
      : (pidsBetween(from, to, WINDOW_LIMIT) ?? scanWindow(from, to))
  const found: StartedProcess[] = []
  const parents = new Set<number>([process.pid])
  for (const pid of pids) {
    if (pid === process.pid || scope.exclude.has(pid)) continue
    const info = readProcessSync(pid, { argv: false, uid: false })
    // proclife's own (the guard's watcher, a run's sentinel, a probe): never a test's.
    if (!info || info.kernelThread || isOwnProcess(info)) continue
    const environ = info.state === 'Z' ? '' : readEnviron(pid)
    const spawn = tokenIn(environ, scope.token)
    // A child of the test process that carries another lineage's token (a replacement forked by
    // an earlier test's pool, see lineage.ts) is that test's, not this one's.
    if (spawn === undefined && (!parents.has(info.ppid) || carriesOtherToken(environ, scope.token))) continue
    // /proc/TID answers for a thread too (with its process's environment): keep processes only.
    if (threadGroupOf(pid) !== pid) continue
    const full = readProcessSync(pid, { uid: false }) ?? info
    parents.add(pid)
    found.push({ info: full, spawn: spawn ?? spawnOfParent(found, info.ppid) })
  }
  return found
}

function spawnOfParent(found: readonly StartedProcess[], ppid: number): number | null {
  return found.find((p) => p.info.pid === ppid)?.spawn ?? null
}

function readEnviron(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1')
  } catch {
    return '' // gone, or not ours to read
  }
}

function threadGroupOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1')
    const match = /\nTgid:\s*(\d+)/.exec(status)
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/**
 * Every pid of the table in the window, in allocation order (after `from`, wrapping at pid_max);
 * with `from` and `to` both 0, every pid, in numeric order.
 */
function scanWindow(from: number, to: number): number[] {
  const max = readPidMax()
  const order = (pid: number): number => (pid - from - 1 + max) % max
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    const first = entry.charCodeAt(0)
    if (first < 0x30 || first > 0x39) continue
    const pid = Number(entry)
    if ((from === 0 && to === 0) || inWindow(pid, from, to)) pids.push(pid)
  }
  return pids.sort((a, b) => order(a) - order(b))
}
