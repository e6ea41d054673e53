import type { SentinelTreeEntry } from '@proclife/report'
import type { SentinelCommand } from '@proclife/sentinel'

/** Snapshots asked of the sentinel and not yet answered: each `snapshot` command is answered by a `snapshot` event with its id. */
export class SnapshotRequests {
  private readonly waiters = new Map<string, (tree: readonly SentinelTreeEntry[]) => void>()
  private count = 0

  /** Asks for a fresh walk of the whole subtree through `send`; resolves with the tree when answered. */
  request(send: (command: SentinelCommand) => void): Promise<readonly SentinelTreeEntry[]> {
    const id = `s${++this.count}`
    const answer = new Promise<readonly SentinelTreeEntry[]>((resolve) => this.waiters.set(id, resolve))
    send({ cmd: 'snapshot', id })
    return answer
  }

  /** Hands a `snapshot` event's tree to the request with its id. */
  answer(id: string, tree: readonly SentinelTreeEntry[]): void {
    this.waiters.get(id)?.(tree)
    this.waiters.delete(id)
  }
}
