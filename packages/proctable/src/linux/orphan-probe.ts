import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import type { ProcessIdentity, ProcessInfo } from '../types.js'
import { pollFor } from './poll.js'
import { hasEnded, signalProcess } from '../signal.js'
import { readProcessSync } from './read-process.js'
import { registerOwnProcess } from '../own-processes.js'

/** What `makeOrphan` saw. */
export interface OrphanObservation {
  /** The grandchild that was orphaned (killed by now). */
  readonly orphan: ProcessIdentity
  /** The process that adopted it, read right after the adoption. */
  readonly adopter: ProcessInfo
  /** Whether the orphan was also reaped (gone from the table) before the probe returned. */
  readonly reaped: boolean
}

// The child prints its background grandchild's pid and blocks until its stdin closes, so the
// grandchild can be identified while its parent is provably still the child.
const SCRIPT = 'sleep 2147483647 </dev/null >/dev/null 2>&1 & echo $!; read _'

const quick = { argv: false, uid: false } as const

/**
 * Orphans a process on purpose and sees who adopts it: starts `sh`, which starts a long `sleep`;
 * once the sleep is identified (pid and start time), `sh` exits without waiting for it, and the
 * sleep's new parent is read from `/proc`. The sleep is then killed (after checking it is still the
 * same process). It becomes a zombie of its adopter, which reaps it when it gets to it — some init
 * processes take a second or two; with `awaitReaping` the probe waits for that too.
 */
export async function makeOrphan(timeoutMs: number, awaitReaping: boolean): Promise<OrphanObservation> {
  const child = spawn('/bin/sh', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] })
  registerOwnProcess(child.pid, 'the reaper probe')
  const failed = new Promise<never>((_, reject) => child.once('error', reject))
  failed.catch(() => {}) // raced below; this only keeps it from counting as unhandled
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let orphan: ProcessIdentity | undefined
  try {
    const line = await within(Promise.race([firstLine(child), failed]), timeoutMs, 'the reaper probe to start')
    const pid = Number(line)
    const grandchild = readProcessSync(pid, quick)
    if (!grandchild || grandchild.ppid !== child.pid)
      throw new Error(`proctable: reaper probe lost its grandchild (pid ${line})`)
    const id = { pid, startTicks: grandchild.startTicks }
    registerOwnProcess(pid, "the reaper probe's orphan")
    orphan = id
    child.stdin?.end()
    await within(exited, timeoutMs, "the reaper probe's shell to exit")
    const adopter = await pollFor(() => adopterOf(id, grandchild.ppid), timeoutMs, `pid ${pid} to be adopted`)
    killIfSame(id)
    await pollFor(() => (hasEnded(id) ? true : undefined), timeoutMs, `pid ${pid} to die`)
    const reaped = awaitReaping && (await gone(id, timeoutMs))
    return { orphan: id, adopter, reaped }
  } finally {
    if (orphan) killIfSame(orphan)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

async function firstLine(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error('proctable: reaper probe has no stdout')
  const lines = createInterface({ input: child.stdout })
  try {
    const [line] = (await once(lines, 'line')) as [string]
    return line
  } finally {
    lines.close()
  }
}

async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`proctable: timed out after ${timeoutMs} ms waiting for ${what}`)),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The orphan's new parent, once it has one; throws if the orphan is no longer there. */
function adopterOf(orphan: ProcessIdentity, formerParent: number): ProcessInfo | undefined {
  const now = readProcessSync(orphan.pid, quick)
  if (!now || now.startTicks !== orphan.startTicks)
    throw new Error(`proctable: reaper probe's orphan (pid ${orphan.pid}) vanished`)
  if (now.ppid === formerParent) return undefined
  return readProcessSync(now.ppid, quick)
}

/** Signals the orphan only if its pid still names the process we started, never a recycled pid. */
function killIfSame(identity: ProcessIdentity): void {
  signalProcess(identity, 'SIGKILL')
}

async function gone(identity: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  try {
    return await pollFor(
      () => (readProcessSync(identity.pid, quick)?.startTicks === identity.startTicks ? undefined : true),
      timeoutMs,
      `pid ${identity.pid} to be reaped`,
    )
  } catch {
    return false
  }
}
