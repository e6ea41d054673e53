import { signalProcess, waitUntilEnded } from '@proclife/proctable'
import type { ProcessIdentity } from '@proclife/proctable'

/** What happened when {@link killLeftovers} went after one process. */
export interface KillOutcome {
  readonly id: string
  /** `killed`: SIGKILL sent and the process is gone or a zombie now; `gone`: it had already ended. */
  readonly outcome: 'killed' | 'gone' | 'survived'
}

/**
 * SIGKILLs each process that is still alive, by identity (pid and start time: a recycled pid is
 * never hit), then waits, bounded, until each has ended. Both steps are the process table's
 * (`signalProcess`, `waitUntilEnded`), the one place that signals processes.
 */
export async function killLeftovers(
  processes: readonly (ProcessIdentity & { readonly id: string })[],
  timeoutMs = 2000,
): Promise<KillOutcome[]> {
  const killed = processes.filter((p) => signalProcess(p, 'SIGKILL'))
  const survived = new Set(await waitUntilEnded(killed, timeoutMs))
  return processes.map((p) => ({
    id: p.id,
    outcome: survived.has(p) ? 'survived' : killed.includes(p) ? 'killed' : 'gone',
  }))
}
