/** Waiters for the sentinel's next event: a bounded wait that wakes as soon as anything happens. */
export class NextEvent {
  private readonly wakeups = new Set<() => void>()

  /** Resolves at the next {@link happened}, or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.wakeups.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.wakeups.add(done)
    })
  }

  /** An event came: wakes every waiter. */
  happened(): void {
    for (const wake of this.wakeups) wake()
  }
}
