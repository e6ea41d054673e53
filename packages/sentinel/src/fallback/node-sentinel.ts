import { chmodSync, chownSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { PassThrough } from 'node:stream'
import { spawn } from 'node:child_process'
import {
  bootTime,
  clockTicksPerSecond,
  readProcessSync,
  signalProcess,
  signalProcessGroup,
  type ProcessInfo,
} from '@proclife/proctable'
import type { SentinelExit } from '../sentinel.js'
import { normaliseSignal, SENTINEL_PROTOCOL, type SentinelEvent, type SentinelTreeEntry } from '@proclife/report'
import { formatCommand, parseCommand, SentinelCommandError, type SentinelCommand } from '@proclife/report'
import type { SentinelLike } from './sentinel-like.js'
import { createWalk, trackKey, type Tracked } from './node-walk.js'

/** What {@link startNodeSentinel} needs: the same as the native sentinel, plus why it is used. */
export interface NodeSentinelOptions {
  readonly argv: readonly string[]
  readonly cwd: string
  readonly env: Record<string, string>
  readonly intervalMs: number
  readonly socketPath: string
  readonly holds: readonly string[]
  /** See `StartSentinelOptions.socketOwner`. */
  readonly socketOwner?: number
  /** Why the native sentinel is not used; it goes into `hello.subreaperError`. */
  readonly reason: string
  /** Start the root in a session of its own (`setsid`, through `detached`). */
  readonly newSession?: boolean
}

/** The C's words for a signal to a process it does not track. */
const NOT_TRACKED = 'not a tracked process (pid and start must match one the sentinel has seen and not seen reaped)'

/** The stand-in: a {@link SentinelLike} that also takes a raw command line, as the C does (for the contract suite). */
export type NodeSentinel = Omit<SentinelLike, 'send'> & { send(command: SentinelCommand | string): void }

/**
 * Stands in for the native sentinel where it cannot be built (no C compiler, not Linux): the
 * fixture is this process's child, its tree is sampled from here, and the same events come out, so
 * a run works the same way in the degraded mode `isolation: "none"`. What it cannot do, it says in
 * `hello`: no subreaper (orphans go to the machine's reaper), no pidfds (exits are sampled), and no
 * protection if this process is SIGKILLed (only the root is killed, by execa, on a normal exit).
 */
export function startNodeSentinel(options: NodeSentinelOptions): NodeSentinel {
  const t0 = performance.now()
  const t = (): number => Math.round((performance.now() - t0) * 1000) / 1000
  const listeners = new Set<(event: SentinelEvent) => void>()
  const backlog: SentinelEvent[] = []
  const emit = (event: SentinelEvent): void => {
    backlog.push(event)
    for (const listener of listeners) listener(event)
  }
  const tracked = new Map<string, Tracked>()
  const holds = new Set(options.holds)
  const waiting = new Map<string, Socket[]>()
  const key = trackKey
  const entry = (p: ProcessInfo): SentinelTreeEntry => ({
    pid: p.pid,
    start: p.startTicks,
    ppid: p.ppid,
    state: p.state,
    comm: p.comm,
  })

  // node:child_process rather than execa: the root's exit must be seen when it happens, while
  // execa's promise waits for the output pipes, which orphans may hold open.
  const child = spawn(options.argv[0]!, options.argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    stdio: 'pipe',
    detached: options.newSession === true,
  })
  const rootExit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    child.once('error', () => resolve({ code: 127, signal: null }))
  })
  const self = readProcessSync(process.pid, { argv: false, uid: false })
  emit({
    ev: 'hello',
    t: t(),
    protocol: SENTINEL_PROTOCOL,
    pid: process.pid,
    start: self?.startTicks ?? 0,
    subreaper: false,
    subreaperError: options.reason,
    pidfd: false,
    capture: 'sampled',
    captureReason: 'the Node stand-in samples /proc (it cannot trace)',
    clkTck: clockTicksPerSecond(),
    bootMs: Date.now() - bootTime(),
    interval: options.intervalMs,
    fullEvery: 1,
    socket: options.socketPath,
  })
  const rootPid = child.pid ?? 0
  const root = readProcessSync(rootPid)
  if (root) {
    tracked.set(key(root), { info: root, lastSeen: t(), exited: false })
    emit({
      ev: 'spawn',
      t: t(),
      pid: root.pid,
      start: root.startTicks,
      ppid: root.ppid,
      pgid: root.pgid,
      sid: root.sid,
      comm: root.comm,
      argv: root.argv ? [...root.argv] : null,
      state: root.state,
      root: true,
      late: false,
      exact: true,
    })
  }

  const walker = createWalk(rootPid, tracked, emit, t)
  const walk = walker.walk
  const timer = setInterval(walk, options.intervalMs)

  const alive = (): ProcessInfo[] => walk().filter((p) => p.state !== 'Z')
  const signal = (p: ProcessInfo, name: NodeJS.Signals, reason: 'cleanup' | 'request'): void => {
    if (signalProcess(p, name)) emit({ ev: 'signal', t: t(), pid: p.pid, start: p.startTicks, signal: name, reason })
  }
  const cleanup = async (termMs: number): Promise<void> => {
    const targets = alive()
    if (termMs > 0) {
      for (const p of targets) signal(p, 'SIGSTOP', 'cleanup')
      for (const p of targets) {
        signal(p, 'SIGTERM', 'cleanup')
        signal(p, 'SIGCONT', 'cleanup')
      }
      const deadline = performance.now() + termMs
      while (alive().length > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    }
    for (let round = 0; round < 100 && alive().length > 0; round++) {
      for (const p of alive()) signal(p, 'SIGKILL', 'cleanup')
      await new Promise((r) => setTimeout(r, 5))
    }
    emit({ ev: 'clean', t: t(), remaining: alive().map(entry) })
  }

  const server: Server = createServer((socket) => {
    let buffer = ''
    socket.on('error', () => {})
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      const end = buffer.indexOf('\n')
      if (end < 0) return
      const name = buffer.slice(0, end)
      // Node cannot read SO_PEERCRED: the caller is unknown (pid 0) in this mode.
      emit({ ev: 'checkpoint', t: t(), name, pid: 0, start: null, tree: walk().map(entry) })
      if (holds.has(name)) waiting.set(name, [...(waiting.get(name) ?? []), socket])
      else socket.end('ok\n')
    })
  })
  server.listen(options.socketPath, () => {
    // Owner only, as the native sentinel makes it: the socket sits in a folder others may list.
    chmodSync(options.socketPath, 0o700)
    if (options.socketOwner !== undefined) chownSync(options.socketPath, options.socketOwner, -1)
  })

  let finish: (exit: SentinelExit) => void = () => {}
  const exited = new Promise<SentinelExit>((resolve) => {
    finish = resolve
  })
  let done = false
  const shutdown = async (termMs: number): Promise<void> => {
    if (done) return
    done = true
    await cleanup(termMs)
    await rootExit
    clearInterval(timer)
    server.close()
    emit({ ev: 'bye', t: t(), samples: walker.walks(), walks: walker.walks() })
    finish({ code: 0, signal: null })
  }

  void rootExit.then((result) => {
    const status = { ...result, core: false }
    if (root) {
      emit({ ev: 'exit', t: t(), pid: root.pid, start: root.startTicks, status, exact: true })
      emit({
        ev: 'reap',
        t: t(),
        pid: root.pid,
        start: root.startTicks,
        by: 'sentinel',
        ppid: process.pid,
        status,
        exact: true,
        lastSeen: t(),
      })
      emit({ ev: 'root-exit', t: t(), pid: root.pid, start: root.startTicks, status })
      tracked.delete(key(root))
    }
  })

  /** Carries out one command, answering as the C sentinel does (`control.c`). */
  const obey = (command: SentinelCommand, line: string): void => {
    const find = (pid: number, start: number): Tracked | undefined =>
      [...tracked.values()].find((q) => q.info.pid === pid && q.info.startTicks === start)
    const refuse = (message: string): void => emit({ ev: 'error', t: t(), message, command: line })
    switch (command.cmd) {
      case 'snapshot':
        emit({ ev: 'snapshot', t: t(), id: command.id, tree: walk().map(entry) })
        break
      case 'hold':
        holds.add(command.name)
        emit({ ev: 'hold', t: t(), name: command.name })
        break
      case 'release': {
        holds.delete(command.name)
        const sockets = waiting.get(command.name) ?? []
        for (const socket of sockets) socket.end('ok\n')
        waiting.delete(command.name)
        emit({ ev: 'release', t: t(), name: command.name, released: sockets.length })
        break
      }
      case 'signal':
      case 'signalgroup': {
        const name = normaliseSignal(command.signal) as NodeJS.Signals | undefined
        if (name === undefined) return refuse('unknown signal')
        if (command.cmd === 'signalgroup') walk() // every member the fixture has made so far is tracked before the group is judged
        const p = find(command.pid, command.start)
        if (!p) return refuse(NOT_TRACKED)
        if (command.cmd === 'signal') return signal(p.info, name, 'request')
        const outcome = signalProcessGroup(p.info, name, (q) => tracked.has(key(q)))
        if (outcome.refused === undefined)
          emit({
            ev: 'signal',
            t: t(),
            pid: p.info.pid,
            start: p.info.startTicks,
            signal: name,
            reason: 'request',
            group: outcome.pgid,
          })
        else refuse(outcome.refused)
        break
      }
      case 'type':
        return refuse('the run has no terminal (start it with --terminal)')
      case 'cleanup':
        void cleanup(command.termMs)
        break
      case 'quit':
        void shutdown(0)
        break
    }
  }

  const stdout = new PassThrough()
  const stderr = new PassThrough()
  child.stdout.pipe(stdout)
  child.stderr.pipe(stderr)
  return {
    pid: process.pid,
    fixtureStdin: child.stdin,
    fixtureStdout: stdout,
    fixtureStderr: stderr,
    exited,
    onEvent(listener) {
      for (const event of backlog) listener(event)
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    send(command: SentinelCommand | string) {
      // The same line the C reads, read back by the same parser: one protocol for both backends.
      const line = typeof command === 'string' ? command : formatCommand(command)
      let parsed: SentinelCommand
      try {
        parsed = parseCommand(line)
      } catch (error) {
        emit({
          ev: 'error',
          t: t(),
          message: error instanceof SentinelCommandError ? error.message : String(error),
          command: line,
        })
        return
      }
      obey(parsed, line)
    },
    kill() {
      void shutdown(0)
    },
    exitDescription: () => Promise.resolve('the Node stand-in for the sentinel stopped'),
  }
}
