import type { ProcessState } from '@proclife/proctable'
import type { ProcessModel } from './model.js'
import type { ExitStatus } from './types.js'
import type { SentinelEvent, SentinelTreeEntry, SentinelStatus } from './protocol/events.js'

/** A checkpoint as the sentinel reported it, before labels exist. */
export interface RawCheckpoint {
  readonly name: string
  readonly at: number
  readonly pid: number
  readonly tree: readonly SentinelTreeEntry[]
}

/** What an event means for the run's control flow (most events only update the model). */
export type EventEffect =
  | { kind: 'root-exit'; exit: { code: number | null; signal: string | null } }
  | { kind: 'clean' }
  | { kind: 'snapshot'; id: string; tree: readonly SentinelTreeEntry[] }
  | undefined

const status = (s: SentinelStatus | null | undefined): ExitStatus | null =>
  s ? { code: s.code ?? null, signal: s.signal ?? null, core: s.core ?? false } : null

/** Feeds one sentinel event into the model. Events about unknown processes are ignored. */
export function applyEvent(model: ProcessModel, e: SentinelEvent, checkpoints: RawCheckpoint[]): EventEffect {
  switch (e.ev) {
    case 'hello':
      model.clock = { clkTck: e.clkTck, bootMs: e.bootMs }
      if (e.terminal === true) model.terminal ??= []
      return undefined
    case 'foreground':
      model.foreground(e.t, e.pgid, e.exact === true)
      return undefined
    case 'typed':
      model.typed(e.t, e.text)
      return undefined
    case 'spawn': {
      model.spawn(e.t, {
        pid: e.pid,
        startTicks: e.start,
        ppid: e.ppid,
        comm: e.comm,
        argv: e.argv,
        state: e.state as ProcessState,
        spawnedAt: model.runTimeOf(e.start),
        late: e.late,
        root: e.root,
        exact: e.exact,
        ...(e.pgid ? { group: { pgid: e.pgid, sid: e.sid ?? 0 } } : {}),
      })
      return undefined
    }
    case 'group': {
      const p = model.get(e.pid, e.start)
      if (p) model.regrouped(e.t, p, e.pgid, e.sid, e.exact === true)
      return undefined
    }
    case 'exec': {
      const p = model.get(e.pid, e.start)
      if (p) model.exec(e.t, p, e.comm, e.argv ?? null, e.renamed, e.exact)
      return undefined
    }
    case 'reparent': {
      const p = model.get(e.pid, e.start)
      if (p) model.reparent(e.t, p, e.to, e.exact, e.alive)
      return undefined
    }
    case 'state': {
      const p = model.get(e.pid, e.start)
      if (p) model.setState(e.t, p, e.state as ProcessState, e.signal)
      return undefined
    }
    case 'exit': {
      const p = model.get(e.pid, e.start)
      if (p) model.exited(e.t, p, status(e.status), e.exact, e.ppid)
      return undefined
    }
    case 'reap': {
      const p = model.get(e.pid, e.start)
      if (p) model.reaped(e.t, p, e.by, status(e.status), e.exact, e.lastSeen ?? null)
      return undefined
    }
    case 'root-exit': {
      const s = status(e.status)
      return { kind: 'root-exit', exit: { code: s?.code ?? null, signal: s?.signal ?? null } }
    }
    case 'signal': {
      const p = model.get(e.pid, e.start)
      if (p) {
        if (e.reason === 'cleanup') p.leftover = true
        model.signalled(e.t, p, e.signal, e.reason, e.group)
      }
      return undefined
    }
    case 'checkpoint':
      checkpoints.push({ name: e.name, at: e.t, pid: e.pid, tree: e.tree })
      model.note(e.t, 'checkpoint', `checkpoint "${e.name}"`, model.processes.get(keyForPid(model, e.pid) ?? ''))
      return undefined
    case 'snapshot':
      return { kind: 'snapshot', id: e.id, tree: e.tree }
    case 'clean':
      return { kind: 'clean' }
    default:
      return undefined
  }
}

function keyForPid(model: ProcessModel, pid: number): string | undefined {
  let found: string | undefined
  for (const p of model.processes.values()) if (p.pid === pid && p.reapedAt === null) found = p.key
  return found
}
