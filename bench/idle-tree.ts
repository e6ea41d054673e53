// Starts and stops the trees of idle processes that bench/proctable.ts measures against (the processes
// themselves are forked by idle-tree.py, which documents how each of them is stopped and reaped).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readProcessSync, subtreeSync, type ProcessIdentity } from '@proclife/proctable'

const HELPER = fileURLToPath(new URL('./idle-tree.py', import.meta.url))
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const POLL_MS = 20

/** Polls `check` until it returns true, for at most `boundMs`; names `what` when it gives up. */
export async function pollFor(what: string, boundMs: number, check: () => boolean): Promise<void> {
  const deadline = Date.now() + boundMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up after ${boundMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

function isAlive(identity: ProcessIdentity): boolean {
  return readProcessSync(identity.pid, { argv: false, uid: false })?.startTicks === identity.startTicks
}

/** One idle-tree.py process and everything it forked. */
export class IdleTree {
  readonly #child: ChildProcess
  readonly #exited: Promise<void>
  /** Every process of the tree but its root, as seen once it was complete. */
  #descendants: ProcessIdentity[] = []

  private constructor(child: ChildProcess) {
    this.#child = child
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()))
  }

  /**
   * Forks `fanouts` (see idle-tree.py) and waits, at most `boundMs`, until all `size` processes
   * (the root included) are there.
   */
  static async start(fanouts: readonly number[], size: number, boundMs: number): Promise<IdleTree> {
    const child = spawn(PYTHON, [HELPER, ...fanouts.map(String)], { stdio: ['pipe', 'pipe', 'inherit'] })
    const tree = new IdleTree(child)
    const pid = child.pid
    if (pid === undefined) throw new Error(`could not start ${PYTHON} ${HELPER}`)
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout?.once('data', () => resolve())
        child.once('exit', (code, signal) => reject(new Error(`idle-tree.py exited early: ${code ?? signal}`)))
      })
      await pollFor(`${size} processes under ${pid}`, boundMs, () => {
        const processes = subtreeSync(pid, { argv: false, uid: false }).processes
        if (processes.size !== size) return false
        tree.#descendants = [...processes.values()]
          .filter((p) => p.pid !== pid)
          .map((p) => ({ pid: p.pid, startTicks: p.startTicks }))
        return true
      })
    } catch (error) {
      await tree.release(boundMs)
      throw error
    }
    return tree
  }

  /** Pid of the tree's root (a child of this process). */
  get pid(): number {
    return this.#child.pid ?? 0
  }

  /**
   * The normal way down: SIGTERM to each child of the root, by pid, checked to still be the process we
   * saw (pid + start time) — the root reaps them and exits once none is left. For a deeper tree each
   * inner process does the same for its own children.
   */
  async stop(boundMs: number): Promise<void> {
    for (const identity of this.#descendants) {
      const now = readProcessSync(identity.pid, { argv: false, uid: false })
      if (now?.startTicks === identity.startTicks && now.ppid === this.pid) process.kill(identity.pid, 'SIGTERM')
    }
    await this.#waitForExit(boundMs)
  }

  /** The way down after an error or Ctrl-C: close the root's stdin; it stops and reaps everything. */
  async release(boundMs: number): Promise<void> {
    this.#child.stdin?.end()
    await this.#waitForExit(boundMs)
  }

  async #waitForExit(boundMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const bound = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), boundMs)
    })
    const how = await Promise.race([this.#exited.then(() => 'exited' as const), bound])
    clearTimeout(timer)
    if (how === 'timeout') throw new Error(`idle-tree.py ${this.pid} still running after ${boundMs} ms`)
    // Each parent reaps its children before it exits, so nothing of the tree may be left.
    await pollFor(`the processes of tree ${this.pid} to be gone`, boundMs, () => !this.#descendants.some(isAlive))
  }
}
