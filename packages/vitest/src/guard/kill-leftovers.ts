import { readProcessSync, isSameProcess } from '@proclife/proctable'
import type { ProcessRecord } from '@proclife/runner'

/** What happened when {@link killLeftovers} went after one process. */
export interface KillOutcome {
  readonly id: string
  /** `killed`: SIGKILL sent and the process is gone or a zombie now; `gone`: it had already ended. */
  readonly outcome: 'killed' | 'gone' | 'survived'
}

const alive = (p: ProcessRecord): boolean => {
  const now = readProcessSync(p.pid, { argv: false, uid: false })
  return now !== undefined && now.startTicks === p.startTicks && now.state !== 'Z'
}

/**
 * SIGKILLs each process that is still alive, after proving it is the same process the report saw
 * (pid and start time: a recycled pid is never hit), then waits, bounded, until each is dead.
 * "Dead" is read from `/proc/PID/stat` (gone, or a zombie for its parent to reap), never
 * `kill(pid, 0)`, which also succeeds on a zombie.
 */
export async function killLeftovers(processes: readonly ProcessRecord[], timeoutMs = 2000): Promise<KillOutcome[]> {
  const outcomes = new Map<string, KillOutcome['outcome']>()
  for (const p of processes) {
    if (!isSameProcess(p) || !alive(p)) {
      outcomes.set(p.id, 'gone')
      continue
    }
    try {
      process.kill(p.pid, 'SIGKILL')
      outcomes.set(p.id, 'killed')
    } catch {
      outcomes.set(p.id, 'gone') // ended between the check and the signal
    }
  }
  const deadline = performance.now() + timeoutMs
  let waiting = processes.filter((p) => outcomes.get(p.id) === 'killed')
  while (waiting.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    waiting = waiting.filter(alive)
  }
  for (const p of waiting) outcomes.set(p.id, 'survived')
  return processes.map((p) => ({ id: p.id, outcome: outcomes.get(p.id)! }))
}
