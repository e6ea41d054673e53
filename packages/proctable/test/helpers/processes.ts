import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { onTestFinished, vi } from 'vitest'
import { isSameProcess, readProcessSync } from '../../src/index.js'
import type { ProcessIdentity, ProcessState } from '../../src/index.js'

/** The real interpreter: `python3` on PATH may be a pyenv shim that forks before it execs. */
export const PYTHON = '/usr/bin/python3'

/** Where the tests' fixture scripts are. */
export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url))

/** A process a test started, with its stdout as lines. */
export interface Started {
  readonly child: ChildProcess
  readonly pid: number
  /** The next line the process prints (fails after `withinMs`, 10 s unless told). */
  nextLine(withinMs?: number): Promise<string>
  /** Closes its stdin (the fixtures' signal to finish) and waits for it to exit and be reaped. */
  finish(): Promise<void>
}

/**
 * Starts a process for the current test. When the test finishes, its stdin is closed and it is
 * awaited; if it does not exit within 30 s it is killed. Node reaps it, so it leaves no zombie.
 */
export function start(command: string, args: readonly string[], cwd = FIXTURES): Started {
  const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]()
  const finish = async (): Promise<void> => {
    child.stdin?.end()
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    await exited
    clearTimeout(timer)
  }
  onTestFinished(finish)
  return {
    child,
    pid: child.pid ?? Number.NaN,
    nextLine: async (withinMs = 10_000) => {
      const timeout = AbortSignal.timeout(withinMs)
      const next = await Promise.race([lines.next(), once(timeout, 'abort').then(() => ({ done: true, value: '' }))])
      if (next.done) throw new Error(`${command} printed no more lines`)
      return next.value as string
    },
    finish,
  }
}

/**
 * Waits until `pid` is in `state`: a process that has just said it is ready may still be running
 * on its way to the `read` it will sleep in.
 */
export async function settled(pid: number, state: ProcessState = 'S'): Promise<void> {
  await vi.waitFor(() => {
    const now = readProcessSync(pid, { argv: false, uid: false })?.state
    if (now !== state) throw new Error(`pid ${pid} is ${now ?? 'gone'}, not ${state}`)
  })
}

/**
 * Starts the tree fixture and waits until all five processes exist and have settled (sleeping, and
 * z a zombie); returns pid by role.
 */
export async function startTree(): Promise<{ root: Started; pids: Map<string, number> }> {
  const root = start(PYTHON, ['tree.py'])
  const pids = new Map<string, number>()
  while (pids.size < 5) {
    const [role = '', pid = ''] = (await root.nextLine()).split(' ')
    pids.set(role, Number(pid))
  }
  for (const [role, pid] of pids) await settled(pid, role === 'z' ? 'Z' : 'S')
  return { root, pids }
}

/** Starts the zombie fixture; returns it and the pid of its zombie child, once that is a zombie. */
export async function startZombie(): Promise<{ parent: Started; zombie: number }> {
  const parent = start(PYTHON, ['zombie.py'])
  const zombie = Number(await parent.nextLine())
  await settled(zombie, 'Z')
  return { parent, zombie }
}

/** Starts the renaming fixture under `name` and waits until it sleeps. */
export async function startNamed(name: string): Promise<Started> {
  const named = start(PYTHON, ['named.py', name])
  if ((await named.nextLine()) !== 'ready') throw new Error('named.py did not say ready')
  await settled(named.pid)
  return named
}

/**
 * For a process the test orphaned (so Node will not reap it): when the test finishes, kill it if it
 * is still the same process and running, and wait until it is dead. A zombie adopted by a reaper is
 * given a bounded while to be reaped (PID 1 here reaps lazily, in 1–2 s); one whose parent is still
 * the test's process is left to that parent, which the test's own clean-up finishes.
 */
export function killWhenFinished(identity: ProcessIdentity, parent: number): void {
  onTestFinished(async () => {
    const state = () => (isSameProcess(identity) ? readProcessSync(identity.pid) : undefined)
    if (state() && state()?.state !== 'Z') process.kill(identity.pid, 'SIGKILL')
    await vi.waitFor(() => {
      if (state() && state()?.state !== 'Z') throw new Error(`pid ${identity.pid} still running`)
    })
    if (state()?.ppid === parent) return
    await vi
      .waitFor(
        () => {
          if (state()) throw new Error(`pid ${identity.pid} not reaped yet`)
        },
        { timeout: 3000, interval: 20 },
      )
      .catch(() => {})
  })
}
