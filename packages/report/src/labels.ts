import type { TrackedProcess } from './model.js'

/**
 * Gives every process a label from its tree position and spawn order — `root`, `root.1`,
 * `root.1.2` — so that reports of repeated runs compare equal whatever the pids were. A process's
 * position is its parent at birth; siblings are ordered by start time, then by the order the record
 * first held them (`processes` is in that order): under exact capture that is the order of the
 * parent's fork events, the order it forked them in. Not by pid: the start time counts clock
 * ticks, many forks share one, and where the pid space wraps inside a tick (pid_max, then 300) a
 * later child has the smaller pid. Processes whose parent was never seen (born and orphaned
 * between two samples) are labelled `adopted.1`, `adopted.2`, … in start order.
 */
export function assignLabels(processes: readonly TrackedProcess[], rootKey: string | null): Map<string, string> {
  const labels = new Map<string, string>()
  const recorded = new Map(processes.map((p, i) => [p.key, i]))
  const byOrder = [...processes].sort(
    (a, b) => a.startTicks - b.startTicks || recorded.get(a.key)! - recorded.get(b.key)!,
  )
  const children = new Map<string, TrackedProcess[]>()
  const parentless: TrackedProcess[] = []
  for (const p of byOrder) {
    if (p.key === rootKey) continue
    const parent = birthParent(p, byOrder)
    if (parent) {
      const list = children.get(parent.key) ?? []
      list.push(p)
      children.set(parent.key, list)
    } else {
      parentless.push(p)
    }
  }
  const visit = (p: TrackedProcess, label: string): void => {
    labels.set(p.key, label)
    children.get(p.key)?.forEach((child, i) => visit(child, `${label}.${i + 1}`))
  }
  const root = processes.find((p) => p.key === rootKey)
  if (root) visit(root, 'root')
  parentless.forEach((p, i) => visit(p, `adopted.${i + 1}`))
  return labels
}

/** The tracked process that was this one's parent at birth: same pid, alive when it started. */
function birthParent(p: TrackedProcess, all: readonly TrackedProcess[]): TrackedProcess | undefined {
  const ppid = p.parents[0]?.pid
  let best: TrackedProcess | undefined
  for (const q of all) {
    if (q.pid !== ppid || q === p || q.startTicks > p.startTicks) continue
    if (q.reapedAt !== null && q.reapedAt < p.spawnedAt) continue
    best = q // the latest-started candidate wins, should the pid have been recycled
  }
  return best
}
