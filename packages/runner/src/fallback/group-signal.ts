import { readProcessSync, snapshotSync, type ProcessInfo } from '@proclife/proctable'

/** What {@link signalGroupOf} did: the group it signalled, or why it refused (nothing was sent). */
export type GroupSignalOutcome = { readonly pgid: number; readonly refused?: undefined } | { readonly refused: string }

const light = { argv: false, uid: false } as const

/**
 * Sends `signal` to the whole process group of `member` at once (`kill(-pgid)`, what a terminal
 * does on ctrl-c), for the Node stand-in, under the native sentinel's rules (sentinel/group.c):
 * only if `member` is still the very process the run saw (pid and start time), its group is not
 * the harness's own, and every process in the group is one the run tracks (`isOurs`: pid and start
 * time). A group is joined only by a fork of a member or a `setpgid` within its session, so a group
 * proven to be the run's a moment before `kill` holds nothing else when it lands, short of a pid
 * reused within that moment: the race the native sentinel lives with too.
 */
export function signalGroupOf(member: ProcessInfo, signal: NodeJS.Signals, isOurs: (p: ProcessInfo) => boolean): GroupSignalOutcome {
  const now = readProcessSync(member.pid, light)
  if (!now || now.startTicks !== member.startTicks || now.state === 'Z' || now.state === 'X') {
    return { refused: 'the process has exited: its group is not known' }
  }
  if (now.pgid === readProcessSync(process.pid, light)?.pgid) {
    return { refused: 'the process is in the harness\'s own process group (the run has no session of its own)' }
  }
  for (const p of snapshotSync(light).processes.values()) {
    if (p.pgid === now.pgid && !isOurs(p)) return { refused: 'the process group holds a process that is not the run\'s' }
  }
  try {
    process.kill(-now.pgid, signal)
  } catch (error) {
    return { refused: `kill(-pgid) failed: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }
  }
  return { pgid: now.pgid }
}
