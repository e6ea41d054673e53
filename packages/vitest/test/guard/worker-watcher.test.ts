import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { hasEnded, readProcessSync, signalProcess, type ProcessIdentity, type ProcessInfo } from '@proclife/proctable'
import { afterEach, expect, it } from 'vitest'

const workerLike = fileURLToPath(new URL('../fixtures/worker-like.ts', import.meta.url))
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const node = [process.execPath, '--conditions=@proclife/source', '--import', tsx, workerLike]

interface Pids {
  readonly worker: number
  readonly leaked: number
  readonly watcher: number
}

// Whatever a test started is ended by identity afterwards, whether it passed or not.
const started: ProcessIdentity[] = []
afterEach(async () => {
  for (const p of started.splice(0)) signalProcess(p, 'SIGKILL')
})

const identity = (pid: number): ProcessInfo => {
  const info = readProcessSync(pid, { argv: false, uid: false })
  if (!info) throw new Error(`process ${pid} is gone already`)
  started.push(info)
  return info
}

async function firstLine(child: ChildProcess): Promise<Pids> {
  const lines = createInterface({ input: child.stdout! })
  for await (const line of lines) return JSON.parse(line) as Pids
  throw new Error('the worker-like process printed nothing')
}

it('kills what the worker started when the worker is SIGKILLed', async () => {
  const worker = spawn(node[0]!, node.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] })
  const pids = await firstLine(worker)
  const leaked = identity(pids.leaked)
  identity(pids.watcher)
  expect(leaked.comm).toBe('sleep')
  expect(signalProcess(identity(pids.worker), 'SIGKILL')).toBe(true)
  // The watcher sees the pipe's end and kills the leaked job by identity.
  await expect.poll(() => hasEnded(leaked), { timeout: 15_000, interval: 20 }).toBe(true)
  await expect
    .poll(() => hasEnded({ pid: pids.watcher, startTicks: started[1]!.startTicks }), { timeout: 15_000, interval: 20 })
    .toBe(true)
})

it('kills what the worker started when the worker is abandoned by its parent', async () => {
  // sh stands for vitest's main process: it dies, the worker hangs on with a new parent.
  const shell = spawn('sh', ['-c', `"$@" & wait`, 'sh', ...node], { stdio: ['ignore', 'pipe', 'inherit'] })
  const pids = await firstLine(shell)
  const leaked = identity(pids.leaked)
  const worker = identity(pids.worker)
  identity(pids.watcher)
  expect(signalProcess(identity(shell.pid!), 'SIGKILL')).toBe(true)
  await expect.poll(() => hasEnded(leaked), { timeout: 15_000, interval: 20 }).toBe(true)
  // The worker itself is not the watcher's to kill: the test ends it (and the watcher then exits).
  expect(hasEnded(worker)).toBe(false)
})
