import { expect } from 'vitest'
import type { Clause } from '../clause.js'

/** The workers end when the pool's process is SIGKILLed. */
export const sigkillParent: Clause = {
  id: 'sigkill-parent',
  promise: "the workers end by themselves when the pool's process is killed with SIGKILL",
  catches: "workers that outlive their pool's process (they never notice it died) and run on, adopted by init",
  skipReason: (adapter) =>
    adapter.capabilities?.workersEndWithParent === false
      ? "the adapter declares that its workers do not end with the pool's process"
      : undefined,
  scenarios: () => ['sigkill-parent'],
  signalled: true,
  judge: async ({ report }) => {
    await expect(report).toLeaveNoStrayProcesses()
  },
}

/** SIGTERM or SIGINT to the pool's process ends the workers. */
export const signals: Clause = {
  id: 'signals',
  promise: "a signal to the pool's process alone (SIGTERM, SIGINT) ends the workers",
  catches:
    "a signal that is not passed on: the pool's process catches it and leaves its workers running (or keeps running itself)",
  skipReason: (adapter) =>
    adapter.capabilities?.endsOnSignals?.length === 0 ? 'the adapter declares no signal that ends its pool' : undefined,
  scenarios: (adapter) => (adapter.capabilities?.endsOnSignals ?? ['SIGTERM', 'SIGINT']).map((s) => `signal-${s}`),
  signalled: true,
  judge: async ({ report }) => {
    await expect(report).toLeaveNoStrayProcesses()
  },
}
