import { readProcessSync, snapshotSync } from './linux/index.js'
import type { ProcessIdentity, ProcessInfo } from './types.js'

// The one place that signals a process and waits for it to end. Every caller (the runner's
// clean-up of escaped processes, the leak guard, the grader) goes through here, so no code sends a
// signal to a bare pid that might have been recycled.

/**
 * Whether the process has ended: its pid is free, belongs to a newer process, or shows a zombie
 * (ended, waiting for its parent). Read from `/proc/PID/stat`, never `kill(pid, 0)`, which also
 * succeeds on a zombie.
 */
export function hasEnded(identity: ProcessIdentity): boolean {
  const now = readProcessSync(identity.pid, { argv: false, uid: false })
  return now === undefined || now.startTicks !== identity.startTicks || now.state === 'Z' || now.state === 'X'
}

/**
 * Sends `signal` to the process named by `identity`, if it is still that process and has not
 * ended. Node has no pidfd, so the identity is re-read from `/proc` right before the signal; the
 * window between the check and `kill(2)` is microseconds, and a pid is only reused after the
 * process was reaped and the whole pid space went round.
 *
 * @returns whether the signal was sent.
 */
export function signalProcess(identity: ProcessIdentity, signal: NodeJS.Signals): boolean {
  if (hasEnded(identity)) return false
  try {
    process.kill(identity.pid, signal)
    return true
  } catch {
    return false // ended between the check and the signal, or not ours to signal
  }
}

/** What {@link signalProcessGroup} did: the group it signalled, or why it refused (nothing was sent). */
export type GroupSignalOutcome = { readonly pgid: number; readonly refused?: undefined } | { readonly refused: string }

/**
 * Sends `signal` to the whole process group of `member` at once (`kill(-pgid)`, what a terminal
 * does on ctrl-c), under the native sentinel's rules (sentinel/c/group.c): only if `member`
 * is still the very process it names (pid and start time), its group is not this process's own,
 * and every process in the group is one `isOurs` accepts (by pid and start time). A group is
 * joined only by a fork of a member or a `setpgid` within its session, so a group proven to be
 * ours a moment before `kill` holds nothing else when it lands, short of a pid reused within that
 * moment: the race the native sentinel lives with too.
 */
export function signalProcessGroup(
  member: ProcessIdentity,
  signal: NodeJS.Signals,
  isOurs: (p: ProcessInfo) => boolean,
): GroupSignalOutcome {
  const light = { argv: false, uid: false } as const
  const now = readProcessSync(member.pid, light)
  if (now === undefined || hasEnded(member)) return { refused: 'the process has exited: its group is not known' }
  if (now.pgid === readProcessSync(process.pid, light)?.pgid) {
    return { refused: "the process is in the harness's own process group (the run has no session of its own)" }
  }
  for (const p of snapshotSync(light).processes.values()) {
    if (p.pgid === now.pgid && !isOurs(p)) return { refused: "the process group holds a process that is not the run's" }
  }
  try {
    process.kill(-now.pgid, signal)
  } catch (error) {
    return { refused: `kill(-pgid) failed: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }
  }
  return { pgid: now.pgid }
}

/**
 * Waits, at most `timeoutMs`, until every process has ended ({@link hasEnded}), polling `/proc`
 * every few milliseconds.
 *
 * @returns the processes still alive when the time ran out (empty when all ended).
 */
export async function waitUntilEnded<P extends ProcessIdentity>(
  processes: readonly P[],
  timeoutMs: number,
): Promise<P[]> {
  const deadline = performance.now() + timeoutMs
  let waiting = processes.filter((p) => !hasEnded(p))
  while (waiting.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    waiting = waiting.filter((p) => !hasEnded(p))
  }
  return waiting
}

/** Options of {@link terminateProcesses}. */
export interface TerminateOptions {
  /** How long to wait after SIGTERM before SIGKILL; `0` sends SIGKILL at once. */
  readonly killAfter: number
  /** How long to wait for the SIGKILLed to end. @default 5000 */
  readonly killWait?: number
}

/**
 * Ends processes by identity: SIGTERM, then SIGKILL to those still alive after `killAfter` ms, and
 * waits (bounded) until each has ended.
 *
 * @returns for each process signalled, the last signal it was sent.
 */
export async function terminateProcesses<P extends ProcessIdentity>(
  processes: readonly P[],
  options: TerminateOptions,
): Promise<Map<P, NodeJS.Signals>> {
  const sent = new Map<P, NodeJS.Signals>()
  const send = (list: readonly P[], signal: NodeJS.Signals): void => {
    for (const p of list) if (signalProcess(p, signal)) sent.set(p, signal)
  }
  let alive: readonly P[] = processes
  if (options.killAfter > 0) {
    send(alive, 'SIGTERM')
    alive = await waitUntilEnded(alive, options.killAfter)
  }
  if (alive.length > 0) {
    send(alive, 'SIGKILL')
    await waitUntilEnded(alive, options.killWait ?? 5_000)
  }
  return sent
}
