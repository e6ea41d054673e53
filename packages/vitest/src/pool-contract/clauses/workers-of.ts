import type { CheckpointRecord, ProcessRecord, RunReport } from '@proclife/runner'

/** Every process the pool's process started, at any depth: its workers and theirs. */
export const workersOf = (report: RunReport): readonly ProcessRecord[] =>
  report.processes.filter((p) => p.id !== 'root')

/** The checkpoint of this name (the host calls each at most once). */
export function checkpointOf(report: RunReport, name: string): CheckpointRecord | undefined {
  return report.checkpoints.find((c) => c.name === name)
}

/** The ids of the processes running (not zombies) at a checkpoint, the root aside. */
export function runningAt(checkpoint: CheckpointRecord): ReadonlySet<string> {
  return new Set(checkpoint.processes.filter((p) => p.id !== 'root' && p.state !== 'Z').map((p) => p.id))
}

/** A worker proper: a child of the pool's process (`root.N`), not a process one of them started. */
export function childOfThePool(p: ProcessRecord): boolean {
  return /^root\.\d+$/.test(p.id)
}
