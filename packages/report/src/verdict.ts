import type { TrackedProcess } from './model.js'
import type { Verdict } from './types.js'

/**
 * Draws the run's conclusions. A zombie counts only while held by a living parent other than the
 * reaper, and only if it lasted longer than `grace` for certain: for a reap seen by sampling the
 * lower bound of its time is used, so a zombie shorter than `grace` is never reported and one
 * longer than `grace + interval` always is.
 */
export function computeVerdict(processes: readonly TrackedProcess[], labels: ReadonlyMap<string, string>, reaperPid: number, grace: number): Verdict {
  const id = (p: TrackedProcess): string => labels.get(p.key) ?? p.key
  const zombies: string[] = []
  for (const p of processes) {
    for (const z of p.zombie) {
      if (z.heldBy === reaperPid) continue
      const end = z.to === null ? Number.POSITIVE_INFINITY
        : z === p.zombie.at(-1) && p.reapedNoEarlierThan !== null ? Math.min(z.to, p.reapedNoEarlierThan) : z.to
      if (end - z.from > grace) {
        zombies.push(id(p))
        break
      }
    }
  }
  return {
    zombies: sortIds(zombies),
    orphans: sortIds(processes.filter((p) => p.adopted).map(id)),
    strays: sortIds(processes.filter((p) => p.leftover).map(id)),
    escaped: sortIds(processes.filter((p) => p.escaped).map(id)),
  }
}

/**
 * Sorts labels in tree order: `root`, `root.1`, `root.1.1`, `root.2`, `root.10`, then the
 * processes whose parent was never seen, `adopted.1`, `adopted.2`.
 */
export function sortIds(ids: readonly string[]): string[] {
  const parts = (s: string): (string | number)[] => s.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x === 'root' ? '' : x))
  return [...ids].sort((a, b) => {
    const pa = parts(a)
    const pb = parts(b)
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const x = pa[i]!
      const y = pb[i]!
      if (x === y) continue
      if (typeof x === 'number' && typeof y === 'number') return x - y
      return String(x) < String(y) ? -1 : 1
    }
    return pa.length - pb.length
  })
}
