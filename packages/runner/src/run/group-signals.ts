import type { SentinelEvent } from '@proclife/report'
import { GroupSignalError } from '../errors.js'

/**
 * Group signals sent and not yet answered, by command line: the sentinel answers each with
 * `signal` (naming the group) or `error` (naming the refused command's line).
 */
export class GroupSignals {
  private readonly waiting = new Map<
    string,
    { resolve: (pgid: number) => void; reject: (error: Error) => void; what: string }
  >()

  /** Resolves with the group signalled when the sentinel answers the command `line` (about process `what`). */
  expect(line: string, what: string): Promise<number> {
    return new Promise<number>((resolve, reject) => this.waiting.set(line, { resolve, reject, what }))
  }

  /** Forgets the command `line` (answered, or the run ended). */
  forget(line: string): void {
    this.waiting.delete(line)
  }

  /** Hands the sentinel's answer to the command waiting for it, if any. */
  answer(event: SentinelEvent): void {
    if (event.ev === 'error') {
      const waiting = event.command === null ? undefined : this.waiting.get(event.command)
      waiting?.reject(new GroupSignalError(waiting.what, event.message))
    } else if (event.ev === 'signal' && event.group !== undefined) {
      for (const [line, waiting] of this.waiting) {
        if (line.startsWith(`signalgroup ${event.pid} ${event.start} `)) waiting.resolve(event.group)
      }
    }
  }
}
