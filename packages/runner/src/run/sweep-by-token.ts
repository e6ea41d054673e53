import { findByEnvironment, signalProcess, waitUntilEnded, type ProcessIdentity } from '@proclife/proctable'

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
export async function sweepByToken(runId: string, exclude: ReadonlySet<number>, known: readonly ProcessIdentity[] = []): Promise<ProcessIdentity[]> {
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
