import type { ProcessModel, SentinelTreeEntry } from '@proclife/report'
import type { NextEvent } from './next-event.js'
import { markPhase } from './phase-marks.js'

/** What {@link settleRun} needs of a run whose root has exited. */
export interface Settling {
  readonly model: ProcessModel
  /** The `settle` option: how long to wait, in ms. */
  readonly settleMs: number
  readonly nextEvent: NextEvent
  /** A fresh walk of the whole subtree by the sentinel. */
  readonly freshTree: () => Promise<readonly SentinelTreeEntry[]>
  /** The run's clock now. */
  readonly at: () => number
}

/** Waits (bounded by `settle`) for every process to finish by itself after the root exited. */
export async function settleRun({ model, settleMs, nextEvent, freshTree, at }: Settling): Promise<void> {
  const deadline = performance.now() + settleMs
  for (;;) {
    if (model.alive().length === 0) {
      // The model only knows what was sampled: confirm with a fresh walk before calling it settled.
      const tree = await freshTree()
      markPhase('settle-walk')
      if (tree.every((p) => p.state === 'Z')) break
    }
    const left = deadline - performance.now()
    if (left <= 0) break
    await nextEvent.wait(Math.min(left, 50))
  }
  model.note(
    at(),
    'settled',
    model.alive().length === 0
      ? 'every process finished'
      : `still alive after ${settleMs} ms: ${model
          .alive()
          .map((p) => p.pid)
          .join(', ')}`,
  )
}
