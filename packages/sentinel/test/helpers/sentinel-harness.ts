/*
 * Driving the compiled sentinel from tests: launch it on a fixture with a fresh PROCLIFE_RUN token,
 * and after each test quit it and check from outside that nothing of the run is left.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import {
  ensureSentinel,
  isEvent,
  startSentinel,
  type SentinelEvent,
  type SentinelStatus,
  type Sentinel,
  type StartSentinelOptions,
} from '../../src/index.js'

// The system interpreter, not `python3` on PATH: that may be a pyenv shim that forks helpers.
export const PYTHON = '/usr/bin/python3'
const here = join(dirname(fileURLToPath(import.meta.url)), '..')
export const fixtures = join(here, 'fixtures', 'sentinel')
export const pythonHelpers = join(here, '..', '..', 'runner', 'helpers', 'python')

/** Set in beforeAll (live bindings: importers see the values). */
export let binary: string
export let scratch: string
export let nodeHelper: string

/** Registers the hooks of a sentinel test file: build the binary, a scratch folder, and after each test quit every sentinel it launched and check that nothing is left. */
export function useSentinelHarness(): void {
  beforeAll(async () => {
    binary = await ensureSentinel()
    scratch = mkdtempSync(join(tmpdir(), 'proclife-sentinel-test-'))
    nodeHelper = join(here, '..', '..', 'runner', 'helpers', 'node', 'checkpoint.mjs')
  })
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true })
  })
  afterEach(async () => {
    for (const run of launched.splice(0)) await finish(run)
  })
}

export interface Launched {
  sentinel: Sentinel
  token: string
  /** Check that everything that reached the record was also seen reaped. */
  expectAllReaped: boolean
}

export const launched: Launched[] = []

/** Starts a sentinel on a fixture, with a fresh PROCLIFE_RUN token so its processes can be found from outside. */
export function launch(
  argv: string[],
  options: Partial<StartSentinelOptions> & { expectAllReaped?: boolean } = {},
): Launched {
  const token = `sentinel-test-${randomUUID()}`
  const { expectAllReaped = true, env: extraEnv, ...rest } = options
  const dir = mkdtempSync(join(scratch, 'run-'))
  const sentinel = startSentinel({
    binary,
    argv,
    cwd: fixtures,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      PROCLIFE_RUN: token,
      PYTHONPATH: pythonHelpers,
      PYTHONDONTWRITEBYTECODE: '1',
      ...extraEnv,
    },
    intervalMs: 5,
    socketPath: join(dir, 'checkpoint.sock'),
    ...rest,
  })
  const run = { sentinel, token, expectAllReaped }
  launched.push(run)
  return run
}

/** Quits the sentinel and checks from outside that nothing of the run is left, running or zombie. */
export async function finish({ sentinel, token, expectAllReaped }: Launched): Promise<void> {
  try {
    sentinel.send({ cmd: 'quit' })
  } catch {
    // already closed
  }
  const exit = await within(sentinel.exited, 15_000, 'the sentinel to exit after quit')
  expect(exit).toEqual({ code: 0, signal: null })
  expect(await leftovers(token)).toEqual([])
  if (expectAllReaped) {
    const reaped = new Set(sentinel.events.filter(isEvent('reap')).map(key))
    const unreaped = sentinel.events
      .filter(isEvent('spawn'))
      .map(key)
      .filter((k) => !reaped.has(k))
    expect(unreaped).toEqual([])
  }
}

export const key = (e: { pid: number; start: number }): string => `${e.pid}/${e.start}`

/** Processes whose environment carries the token, polled until there are none (bounded). */
export async function leftovers(token: string, except: number[] = [], timeoutMs = 10_000): Promise<string[]> {
  const needle = Buffer.from(`PROCLIFE_RUN=${token}\0`)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found: string[] = []
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name) || except.includes(Number(name))) continue
      try {
        if (readFileSync(`/proc/${name}/environ`).includes(needle)) {
          found.push(`${name} ${readFileSync(`/proc/${name}/stat`, 'utf8').trim()}`)
        }
      } catch {
        // gone meanwhile, or a kernel thread
      }
    }
    if (found.length === 0 || Date.now() > deadline) return found
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export function readAll(stream: Readable): Promise<string> {
  let text = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => (text += chunk))
  return new Promise((resolve) => stream.once('end', () => resolve(text)))
}

export function firstLine(stream: Readable): Promise<string> {
  let text = ''
  stream.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: string) => {
      text += chunk
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')))
    })
    stream.once('end', () => reject(new Error(`stream ended without a line: ${JSON.stringify(text)}`)))
  })
}

export const code = (n: number): SentinelStatus => ({ code: n, signal: null, core: false })
export const killedBy = (signal: string): SentinelStatus => ({ code: null, signal, core: false })

export function ofPid(events: readonly SentinelEvent[], pid: number): SentinelEvent[] {
  return events.filter((e) => 'pid' in e && e.pid === pid && e.ev !== 'checkpoint')
}

export const waitEvent = <E extends SentinelEvent>(
  sentinel: Sentinel,
  predicate: (e: SentinelEvent) => e is E,
  description: string,
): Promise<E> => sentinel.waitFor(predicate, { timeoutMs: 15_000, description })

export const checkpointNamed =
  (name: string) =>
  (e: SentinelEvent): e is Extract<SentinelEvent, { ev: 'checkpoint' }> =>
    e.ev === 'checkpoint' && e.name === name

export const reapOf =
  (pid: number) =>
  (e: SentinelEvent): e is Extract<SentinelEvent, { ev: 'reap' }> =>
    e.ev === 'reap' && e.pid === pid
