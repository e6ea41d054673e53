import { findByEnvironment, signalProcess, waitUntilEnded, type ProcessIdentity } from '@proclife/proctable'
import type { ProcessModel } from '@proclife/report'
import { SentinelLostError } from '../errors.js'
import type { SentinelLike } from '@proclife/sentinel'

/** How long {@link sweepByToken} keeps looking for a run's processes: a fork storm is over by then. */
export const SWEEP_BOUND_MS = 10_000

/**
 * Kills every live process that carries the run's token (`PROCLIFE_RUN=<id>`), by identity (pid and
 * start time, through {@link signalProcess}), and looks again until two looks in a row find none:
 * a process that forks between a look and its SIGKILL leaves a child the next look finds. Bounded
 * by {@link SWEEP_BOUND_MS}; `known` (what the run saw alive) is killed before the first look; then waits (bounded) for the killed ones to be gone, so that the pipes
 * they held close and the caller can return. Returns what it killed.
 *
 * This is what stands in for `PTRACE_O_EXITKILL` when the sentinel that held the tree is gone and
 * the tree was not traced (sampled capture): its orphans went to init, still carrying the token.
 */
export async function sweepByToken(
  runId: string,
  exclude: ReadonlySet<number>,
  known: readonly ProcessIdentity[] = [],
): Promise<ProcessIdentity[]> {
  const killed = new Map<string, ProcessIdentity>()
  // What the run saw alive goes first, before any look: the fewer left to fork, the shorter the sweep.
  for (const p of known) if (signalProcess(p, 'SIGKILL')) killed.set(`${p.pid}:${p.startTicks}`, p)
  const deadline = performance.now() + SWEEP_BOUND_MS
  for (let quiet = 0; quiet < 2 && performance.now() < deadline;) {
    const found = findByEnvironment('PROCLIFE_RUN', runId, exclude)
    let hit = 0
    for (const info of found) {
      if (signalProcess(info, 'SIGKILL')) {
        killed.set(`${info.pid}:${info.startTicks}`, info)
        hit++
      }
    }
    quiet = hit === 0 ? quiet + 1 : 0
  }
  await waitUntilEnded([...killed.values()], 1_000)
  return [...killed.values()]
}

/**
 * The sentinel died mid-run. Whatever it left alive must not outlive the run: a traced tree was
 * SIGKILLed by the kernel with it (EXITKILL); anything still carrying the run's token (a sampled
 * run, an escaped process) is killed here, by identity. The error counts both. `known`: pids
 * that carry the token and are not the run's.
 */
export async function sweepLostRun(
  model: ProcessModel,
  sentinel: Pick<SentinelLike, 'exited'>,
  runId: string,
  known: ReadonlySet<number>,
): Promise<SentinelLostError> {
  const exit = await sentinel.exited.catch(() => ({ code: null, signal: null }))
  const killed = new Set(model.alive().map((p) => `${p.pid}:${p.startTicks}`))
  // A sampled tree is not taken by the kernel with its sentinel: its orphans went to init, and a
  // fork storm goes on forking. Looked for again and again until none is left (sweepByToken).
  for (const info of await sweepByToken(runId, known, model.alive())) killed.add(`${info.pid}:${info.startTicks}`)
  return new SentinelLostError(exit, killed.size)
}
