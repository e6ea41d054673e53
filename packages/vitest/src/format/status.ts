import type { ExitStatus, RunReport } from '@proclife/runner'

/** `exit code 3`, `killed by SIGTERM`, `still running`: how a process ended, in words. */
export function describeExit(exit: ExitStatus | null, exited: boolean): string {
  if (!exited) return 'still running'
  if (!exit) return 'exited'
  if (exit.signal) return `killed by ${exit.signal}${exit.core ? ' (core dumped)' : ''}`
  return `exit code ${exit.code}`
}

/** The run's reaper in words: `the sentinel (pid 4242)`, `init (pid 1)`, `the subreaper (pid 77)`. */
export function describeReaper(reaper: RunReport['reaper'], pids = true): string {
  const name = reaper.kind === 'sentinel' ? 'the sentinel'
    : reaper.kind === 'init' ? 'init'
      : reaper.kind === 'subreaper' ? 'the subreaper'
        : 'the reaper'
  return pids ? `${name} (pid ${reaper.pid})` : name
}

/** `1 process (root.1)`, `2 processes (root.1, root.2)`, `no process`. */
export function countIds(ids: readonly string[], one = 'process', many = 'processes'): string {
  if (ids.length === 0) return `no ${one}`
  return `${ids.length} ${ids.length === 1 ? one : many} (${ids.join(', ')})`
}

/** When a run's end state was taken: `when the run settled`, or for an observation of this process `when the callback returned`. */
export function whenEnded(report: RunReport): string {
  const root = report.processes.find((p) => p.id === 'root')
  return root?.pid === process.pid ? 'when the callback returned' : 'when the run settled'
}
