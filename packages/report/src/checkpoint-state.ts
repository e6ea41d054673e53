import type { CheckpointRecord, ProcessRecord } from './types.js'

/**
 * What a process was at a checkpoint: `alive` (running, sleeping or stopped), `zombie` (exited,
 * not yet reaped), `ended` (exited and reaped before it), or `not started` (born after it).
 */
export type CheckpointLife = 'alive' | 'zombie' | 'ended' | 'not started'

/** A process's state at a checkpoint, with the words messages use. */
export interface CheckpointState {
  readonly life: CheckpointLife
  /** Its state letter in the checkpoint's tree (`S`, `R`, `T`, `Z`), when it was in it. */
  readonly state: string | null
  /** In words: `alive`, `alive, stopped`, `a zombie`, `ended (exit code 0, reaped by its parent)`, `not started yet`. */
  readonly words: string
}

/**
 * What a process was when the fixture called `checkpoint(name)`: read from the tree recorded
 * then, which is exact (the fixture waited while it was taken). A process missing from that tree
 * had either been reaped before it or was born after it: its reap, if any, says which.
 */
export function stateAtCheckpoint(
  checkpoint: CheckpointRecord,
  p: Pick<ProcessRecord, 'id' | 'pid' | 'reapedAt' | 'exit'>,
): CheckpointState {
  const entry =
    checkpoint.processes.find((c) => c.pid === p.pid && c.id === p.id) ??
    checkpoint.processes.find((c) => c.pid === p.pid)
  if (entry) {
    return entry.state === 'Z' || entry.state === 'X'
      ? { life: 'zombie', state: entry.state, words: 'a zombie (exited, not yet reaped)' }
      : // Running or sleeping is a race the checkpoint may catch either way: one word for both.
        {
          life: 'alive',
          state: entry.state,
          words:
            entry.state === 'T' ? 'alive, stopped' : entry.state === 't' ? 'alive, stopped by its tracer' : 'alive',
        }
  }
  if (p.reapedAt !== null && p.reapedAt <= checkpoint.at)
    return { life: 'ended', state: null, words: 'ended: exited and reaped before it' }
  return { life: 'not started', state: null, words: 'not started yet' }
}
