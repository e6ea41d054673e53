import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { procBackend, readProcessSync } from '../src/linux/index.js'
import { psBackend } from '../src/ps/index.js'
import type { ProcessIdentity, ProcessInfo, Snapshot } from '../src/types.js'

/**
 * The tree, every process blocked reading stdin (a pipe from this test), so that states hold still:
 *
 *   root ─┬─ child            S
 *         ├─ child ── grandchild   S, S
 *         ├─ child            S
 *         ├─ stopped          T   (own process group: see below)
 *         └─ zombie parent ── zombie   S, Z
 *
 * Closing the pipe releases it: root continues the stopped child, and every parent reaps its own
 * children, so nothing is left to init. The stopped child sits in a process group of its own: if root
 * dies early, that group is orphaned and the kernel sends it SIGHUP + SIGCONT, so it cannot stay
 * stopped forever.
 */
const TREE_PY = `
import os, signal, sys

def block():
    while os.read(0, 64):
        pass

def spawn(body):
    pid = os.fork()
    if pid == 0:
        try:
            body()
        finally:
            os._exit(0)
    return pid

def reap(pids):
    for pid in pids:
        os.waitpid(pid, 0)

def with_grandchild():
    grandchild = spawn(block)
    block()
    reap([grandchild])

def stopped():
    os.setpgid(0, 0)
    os.kill(os.getpid(), signal.SIGSTOP)
    block()

def zombie_parent():
    zombie = spawn(lambda: None)
    block()
    reap([zombie])

children = [spawn(block), spawn(with_grandchild), spawn(block)]
stopped_pid = spawn(stopped)
children += [stopped_pid, spawn(zombie_parent)]
print('ready', flush=True)
block()
os.kill(stopped_pid, signal.SIGCONT)
reap(children)
`

const TREE_SIZE = 8
const POLL_MS = 20
const BOUND_MS = 10_000

/** Polls `read` until `done` holds, at most `BOUND_MS`; names `what` when it gives up. */
async function pollFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + BOUND_MS
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`gave up after ${BOUND_MS} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

function states(snapshot: Snapshot): string {
  return [...snapshot.processes.values()]
    .map((p) => p.state)
    .sort()
    .join('')
}

/** The fields both backends must agree on; `startTime` only to the second (`lstart`). */
function comparable(p: ProcessInfo): Record<string, unknown> {
  return {
    pid: p.pid,
    ppid: p.ppid,
    pgid: p.pgid,
    sid: p.sid,
    state: p.state,
    comm: p.comm,
    argv: p.argv,
    uid: p.uid,
    threads: p.threads,
    kernelThread: p.kernelThread,
    startSecond: Math.floor(p.startTime / 1000),
  }
}

function byPid(snapshot: Snapshot): Record<string, unknown>[] {
  return [...snapshot.processes.values()].sort((a, b) => a.pid - b.pid).map(comparable)
}

describe.runIf(process.platform === 'linux')('ps backend against the /proc backend', () => {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
  let dir: string | undefined
  let root: ChildProcess
  let rootExit: Promise<void> = Promise.resolve()
  /** Every process of the tree ever seen, so that a failed test can still clean up by identity. */
  const seen = new Map<number, ProcessIdentity>()

  async function tree(): Promise<Snapshot> {
    const snapshot = await procBackend.subtree(root.pid ?? 0)
    for (const p of snapshot.processes.values()) seen.set(p.pid, { pid: p.pid, startTicks: p.startTicks })
    return snapshot
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proclife-ps-test-'))
    const script = join(dir, 'tree.py')
    writeFileSync(script, TREE_PY)
    root = spawn(python, ['-u', script], { stdio: ['pipe', 'pipe', 'inherit'] })
    rootExit = new Promise((resolve) => root.once('exit', () => resolve()))
    const ready = new Promise<void>((resolve, reject) => {
      root.stdout?.once('data', () => resolve())
      root.once('exit', (code, signal) => reject(new Error(`tree root exited early: ${code ?? signal}`)))
    })
    await ready
    await pollFor('the tree to settle into 6 S, 1 T, 1 Z', tree, (s) => states(s) === 'SSSSSSTZ')
  })

  afterAll(async () => {
    // Normally the tree is gone by now. If a test failed first, release it and let every parent reap
    // its own children; only what is still there after the bound is killed, by identity.
    // `root` is unset if beforeAll failed before spawning.
    ;(root as ChildProcess | undefined)?.stdin?.end()
    const bound = new Promise((resolve) => setTimeout(resolve, BOUND_MS).unref())
    await Promise.race([rootExit, bound])
    for (const identity of seen.values()) {
      if (readProcessSync(identity.pid, { argv: false, uid: false })?.startTicks === identity.startTicks) {
        process.kill(identity.pid, 'SIGKILL')
      }
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  it('reads the same subtree as the /proc backend', async () => {
    const fromProc = await tree()
    const fromPs = await psBackend.subtree(root.pid ?? 0)
    expect(fromProc.processes.size).toBe(TREE_SIZE)
    expect(fromPs.backend).toBe('ps')
    expect(fromPs.root).toBe(root.pid)
    expect(byPid(fromPs)).toEqual(byPid(fromProc))
  })

  it('reads the same processes in the whole table', async () => {
    const fromProc = await tree()
    const whole = await psBackend.snapshot()
    const mine = [...fromProc.processes.keys()].sort((a, b) => a - b).map((pid) => whole.processes.get(pid))
    expect(mine.map((p) => p && comparable(p))).toEqual(byPid(fromProc))
  })

  it('reads one process, and nothing for a pid that cannot exist', async () => {
    const zombie = [...(await tree()).processes.values()].find((p) => p.state === 'Z')
    expect(zombie).toBeDefined()
    const fromPs = await psBackend.readProcess(zombie?.pid ?? 0)
    expect(fromPs && comparable(fromPs)).toEqual(zombie && comparable(zombie))
    expect(fromPs?.argv).toBeNull()
    expect(await psBackend.readProcess(2 ** 31)).toBeUndefined()
    expect(await psBackend.readProcess(0)).toBeUndefined()
  })

  it('leaves out kernel threads unless asked for', async () => {
    const without = await psBackend.snapshot({ argv: false, uid: false })
    expect([...without.processes.values()].some((p) => p.kernelThread)).toBe(false)
    const withThreads = await psBackend.snapshot({ argv: false, uid: false, kernelThreads: true })
    const kthreadd = [...withThreads.processes.values()].find((p) => p.comm === 'kthreadd' && p.ppid === 0)
    // Inside a PID namespace there is no kthreadd to see, and so no kernel threads.
    if (kthreadd) expect(withThreads.processes.get(kthreadd.pid)?.kernelThread).toBe(true)
    for (const p of without.processes.values()) {
      expect(p).not.toHaveProperty('argv')
      expect(p).not.toHaveProperty('uid')
    }
  })

  it('sees the whole tree gone once it is released', async () => {
    const identities = [...(await tree()).processes.values()]
    root.stdin?.end()
    await pollFor(
      'every process of the tree to be reaped',
      async () =>
        identities.filter((p) => readProcessSync(p.pid, { argv: false, uid: false })?.startTicks === p.startTicks),
      (left) => left.length === 0,
    )
    await rootExit
    expect(root.exitCode).toBe(0)
    const after = await psBackend.subtree(root.pid ?? 0)
    expect(after.processes.size).toBe(0)
  })
})
