import { isSameProcess, readProcessSync, type ProcessIdentity } from '@proclife/proctable'

const gone = (p: ProcessIdentity): boolean => {
  const now = readProcessSync(p.pid, { argv: false, uid: false })
  return !now || now.startTicks !== p.startTicks || now.state === 'Z'
}

/**
 * Kills processes outside the sentinel's tree: SIGTERM, then SIGKILL after `killAfter` ms, and
 * waits (bounded) until each has exited. Node has no pidfd, so identity is re-checked from
 * `/proc` right before each signal; the window between the check and the signal is microseconds,
 * and a pid is only recycled after its zombie is reaped.
 *
 * @returns for each process, the last signal it needed.
 */
export async function killEscaped(processes: readonly ProcessIdentity[], killAfter: number): Promise<Map<ProcessIdentity, string>> {
  const used = new Map<ProcessIdentity, string>()
  const send = (signal: NodeJS.Signals): void => {
    for (const p of processes) {
      if (gone(p) || !isSameProcess(p)) continue
      try {
        process.kill(p.pid, signal)
        used.set(p, signal)
      } catch {
        // exited between the check and the signal
      }
    }
  }
  const waitGone = async (ms: number): Promise<boolean> => {
    const deadline = performance.now() + ms
    while (!processes.every(gone)) {
      if (performance.now() >= deadline) return false
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    return true
  }
  send('SIGTERM')
  if (!(await waitGone(killAfter))) {
    send('SIGKILL')
    await waitGone(5_000)
  }
  return used
}
