import { readProcessSync, subtreeSync, type ProcessInfo } from '@proclife/proctable'
import type { SentinelEvent } from '@proclife/report'

/** What the stand-in knows of a process it has seen. */
export interface Tracked {
  info: ProcessInfo
  lastSeen: number
  exited: boolean
}

/** A process's identity: its pid and start time. */
export const trackKey = (p: { pid: number; startTicks: number }): string => `${p.pid}:${p.startTicks}`

/**
 * The stand-in's sampling: each call of `walk` reads the root's subtree, plus every tracked
 * process that left it (adopted elsewhere), and emits what changed since the last walk as the
 * native sentinel's events (all inexact: sampled).
 */
export function createWalk(
  rootPid: number,
  tracked: Map<string, Tracked>,
  emit: (event: SentinelEvent) => void,
  t: () => number,
): { walk: () => ProcessInfo[]; walks: () => number } {
  let walks = 0
  const walk = (): ProcessInfo[] => {
    walks++
    const now = t()
    const seen = new Map<string, ProcessInfo>()
    for (const p of subtreeSync(rootPid).processes.values()) seen.set(trackKey(p), p)
    for (const [k, p] of tracked) {
      if (seen.has(k) || (p.exited && !readProcessSync(p.info.pid))) continue
      const info = readProcessSync(p.info.pid)
      if (info && info.startTicks === p.info.startTicks) seen.set(k, info)
    }
    for (const [k, info] of seen) {
      const known = tracked.get(k)
      if (!known) {
        tracked.set(k, { info, lastSeen: now, exited: info.state === 'Z' })
        emit({
          ev: 'spawn',
          t: now,
          pid: info.pid,
          start: info.startTicks,
          ppid: info.ppid,
          pgid: info.pgid,
          sid: info.sid,
          comm: info.comm,
          argv: info.argv ? [...info.argv] : null,
          state: info.state,
          root: false,
          late: false,
          exact: false,
        })
        if (info.state === 'Z')
          emit({
            ev: 'exit',
            t: now,
            pid: info.pid,
            start: info.startTicks,
            status: null,
            exact: false,
            ppid: info.ppid,
          })
        continue
      }
      const before = known.info
      if (info.comm !== before.comm)
        emit({
          ev: 'exec',
          t: now,
          pid: info.pid,
          start: info.startTicks,
          comm: info.comm,
          fromComm: before.comm,
          argv: info.argv ? [...info.argv] : null,
          renamed: false,
          exact: false,
        })
      if (info.state !== 'Z' && (info.pgid !== before.pgid || info.sid !== before.sid))
        emit({
          ev: 'group',
          t: now,
          pid: info.pid,
          start: info.startTicks,
          pgid: info.pgid,
          sid: info.sid,
          exact: false,
        })
      if (info.ppid !== before.ppid)
        emit({
          ev: 'reparent',
          t: now,
          pid: info.pid,
          start: info.startTicks,
          from: before.ppid,
          to: info.ppid,
          exact: false,
          alive: info.state !== 'Z',
        })
      if (info.state === 'Z' && !known.exited) {
        known.exited = true
        emit({ ev: 'exit', t: now, pid: info.pid, start: info.startTicks, status: null, exact: false, ppid: info.ppid })
      } else if (info.state !== 'Z' && /[Tt]/.test(info.state + before.state) && info.state !== before.state) {
        emit({ ev: 'state', t: now, pid: info.pid, start: info.startTicks, from: before.state, state: info.state })
      }
      known.info = info
      known.lastSeen = now
    }
    for (const [k, p] of tracked) {
      if (seen.has(k) || p.info.pid === rootPid) continue
      tracked.delete(k)
      emit({
        ev: 'reap',
        t: now,
        pid: p.info.pid,
        start: p.info.startTicks,
        by: 'parent',
        ppid: p.info.ppid,
        status: null,
        exact: false,
        lastSeen: p.lastSeen,
      })
    }
    return [...seen.values()]
  }
  return { walk, walks: () => walks }
}
