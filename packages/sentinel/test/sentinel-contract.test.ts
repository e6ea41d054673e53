import { mkdtempSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { findByEnvironment } from '@proclife/proctable'
import { parseSentinelEvent, type SentinelEvent } from '@proclife/report'
import {
  ensureSentinel,
  formatCommand,
  parseCommand,
  SENTINEL_PROTOCOL,
  startNodeSentinel,
  startSentinel,
  type SentinelCommand,
} from '../src/index.js'

// One contract, every backend (psutil's test_contracts): the native C sentinel and the Node
// stand-in get the same command lines and must give the same answers, in events of one protocol.
// A run's check of the version at hello is the runner's: runner/test/protocol-version.test.ts.

/** What the suite drives: a backend that takes typed commands and raw lines, as the C does. */
interface Backend {
  send(command: SentinelCommand | string): void
  onEvent(listener: (event: SentinelEvent) => void): () => void
  readonly exited: Promise<{ code: number | null; signal: string | null }>
  kill(): void
}

let scratch: string
let binary: string
const started: { backend: Backend; token: string }[] = []

beforeAll(async () => {
  binary = await ensureSentinel()
  scratch = mkdtempSync(join(tmpdir(), 'proclife-contract-'))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
afterEach(async () => {
  for (const { backend, token } of started.splice(0)) {
    try {
      backend.send({ cmd: 'quit' })
    } catch {
      // already closed
    }
    await backend.exited
    expect(findByEnvironment('PROCLIFE_RUN', token, new Set([process.pid]))).toEqual([])
  }
})

const backends: Record<string, (argv: string[], token: string) => Backend> = {
  native: (argv, token) =>
    startSentinel({ binary, argv, cwd: scratch, env: env(token), intervalMs: 5, socketPath: socket() }),
  'node stand-in': (argv, token) =>
    startNodeSentinel({
      argv,
      cwd: scratch,
      env: env(token),
      intervalMs: 5,
      socketPath: socket(),
      holds: [],
      reason: 'the contract suite',
    }),
}
const env = (token: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  PROCLIFE_RUN: token,
})
const socket = (): string => join(mkdtempSync(join(scratch, 'run-')), 'checkpoint.sock')

/** Starts a backend on a root that waits to be signalled, and collects its events. */
function start(name: string): {
  backend: Backend
  events: SentinelEvent[]
  next<E extends SentinelEvent>(test: (e: SentinelEvent) => e is E): Promise<E>
} {
  const token = `contract-${randomUUID()}`
  const backend = backends[name]!(['sh', '-c', 'exec sleep 30'], token)
  started.push({ backend, token })
  const events: SentinelEvent[] = []
  const waiters = new Set<() => void>()
  backend.onEvent((event) => {
    events.push(event)
    for (const wake of waiters) wake()
  })
  const next = <E extends SentinelEvent>(test: (e: SentinelEvent) => e is E): Promise<E> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no such event within 15 s; saw: ${events.map((e) => e.ev).join(', ')}`)),
        15_000,
      )
      const look = (): void => {
        const found = events.find(test)
        if (!found) return
        clearTimeout(timer)
        waiters.delete(look)
        resolve(found)
      }
      waiters.add(look)
      look()
    })
  return { backend, events, next }
}

const is =
  <N extends SentinelEvent['ev']>(ev: N, where: (e: Extract<SentinelEvent, { ev: N }>) => boolean = () => true) =>
  (e: SentinelEvent): e is Extract<SentinelEvent, { ev: N }> =>
    e.ev === ev && where(e as Extract<SentinelEvent, { ev: N }>)
const errorFor = (line: string) => is('error', (e) => e.command === line)

describe.each(Object.keys(backends))('the sentinel protocol, on the %s backend', (name) => {
  it(`says hello in protocol ${SENTINEL_PROTOCOL}, and every event it writes is one the parser reads`, async () => {
    const { next, events, backend } = start(name)
    const hello = await next(is('hello'))
    expect(hello.protocol).toBe(SENTINEL_PROTOCOL)
    await next(is('spawn', (e) => e.root))
    backend.send({ cmd: 'quit' })
    await next(is('bye'))
    for (const event of events) expect(parseSentinelEvent(JSON.stringify(event))).toEqual(event)
  })

  it('answers snapshot, hold and release with their events', async () => {
    const { next, backend } = start(name)
    const root = await next(is('spawn', (e) => e.root))
    backend.send({ cmd: 'snapshot', id: 'one' })
    expect((await next(is('snapshot', (e) => e.id === 'one'))).tree.map((p) => p.pid)).toContain(root.pid)
    backend.send({ cmd: 'hold', name: 'gate' })
    expect(await next(is('hold'))).toMatchObject({ name: 'gate' })
    backend.send({ cmd: 'release', name: 'gate' })
    expect(await next(is('release'))).toMatchObject({ name: 'gate', released: 0 })
  })

  it.each([
    ['frobnicate', 'unknown command'],
    ['signal 1 x SIGTERM', 'usage: signal PID START SIGNAME'],
    ['cleanup soon', 'usage: cleanup TERM_MS'],
    ['type 41', 'the run has no terminal (start it with --terminal)'],
  ])('refuses %j with the same error', async (line, message) => {
    const { next, backend } = start(name)
    await next(is('spawn', (e) => e.root))
    backend.send(line)
    expect((await next(errorFor(line))).message).toBe(message)
  })

  it('signals a process only by its identity, and says why not', async () => {
    const { next, backend } = start(name)
    const root = await next(is('spawn', (e) => e.root))
    const wrong: SentinelCommand = { cmd: 'signal', pid: root.pid, start: root.start + 1, signal: 'SIGTERM' }
    backend.send(wrong)
    expect((await next(errorFor(formatCommand(wrong)))).message).toMatch(/^not a tracked process/)
    const unknown: SentinelCommand = { cmd: 'signal', pid: root.pid, start: root.start, signal: 'SIGNOPE' }
    backend.send(unknown)
    expect((await next(errorFor(formatCommand(unknown)))).message).toBe('unknown signal')
    backend.send({ cmd: 'signal', pid: root.pid, start: root.start, signal: 'TERM' })
    expect(await next(is('signal', (e) => e.pid === root.pid))).toMatchObject({ signal: 'SIGTERM', reason: 'request' })
    expect((await next(is('root-exit'))).status).toMatchObject({ signal: 'SIGTERM' })
  })

  it('cleans up, then says bye and exits 0 on quit', async () => {
    const { next, backend } = start(name)
    await next(is('spawn', (e) => e.root))
    backend.send({ cmd: 'cleanup', termMs: 200 })
    expect((await next(is('clean'))).remaining).toEqual([])
    backend.send({ cmd: 'quit' })
    await next(is('bye'))
    expect(await backend.exited).toMatchObject({ code: 0 })
  })
})

describe('the command lines', () => {
  const commands: SentinelCommand[] = [
    { cmd: 'snapshot', id: 's1' },
    { cmd: 'hold', name: 'a b' },
    { cmd: 'release', name: 'gate' },
    { cmd: 'signal', pid: 12, start: 34, signal: 'SIGTERM' },
    { cmd: 'signalgroup', pid: 12, start: 34, signal: 'SIGINT' },
    { cmd: 'type', text: 'fg\n\u001a' },
    { cmd: 'cleanup', termMs: 500 },
    { cmd: 'quit' },
  ]
  it.each(commands.map((c) => [c.cmd, c] as const))('%s reads back as it was written', (_, command) => {
    expect(parseCommand(formatCommand(command))).toEqual(command)
  })
})
