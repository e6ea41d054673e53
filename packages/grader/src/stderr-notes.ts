import type { RunReport } from '@proclife/runner'
import { mib, type ResolvedLimits } from './limits.js'
import { timeLimitNote } from './run-notes.js'

/*
 * What a run's end says about the limits it met, read from the report: its signals, its events,
 * and (where the kernel leaves no other trace) the error output's well-known words.
 */

/** A file that reached the size limit, a full disk: the program's writes failed. */
export function resourceNotes(report: RunReport, limits: ResolvedLimits): string[] {
  const notes: string[] = []
  if (
    report.processes.some((p) => p.exit?.signal === 'SIGXFSZ') ||
    /\bFile too large\b|\bEFBIG\b/.test(report.stderr)
  ) {
    notes.push(`a file reached the size limit (${mib(limits.maxFileSize)}): writing more failed`)
  }
  if (/No space left on device|\bENOSPC\b/.test(report.stderr))
    notes.push(`the run's disk (${mib(limits.maxDisk)} for its copy, /tmp and /dev/shm) was full: writing more failed`)
  return notes
}

/** How the run ended: its time limit, its output limit, an exit code with the error output's tail, a run the harness could not contain. */
export function endNotes(report: RunReport, limits: ResolvedLimits): string[] {
  const notes: string[] = []
  if (report.timedOut) notes.push(timeLimitNote(limits.timeout))
  if (report.events.some((e) => e.kind === 'output-limit')) {
    notes.push(
      `the output went past ${limits.maxOutput} bytes: the run was stopped there and everything killed (${report.output.stdoutBytes} bytes on stdout, ${report.output.stderrBytes} on stderr; the first ${limits.maxOutput} of each kept)`,
    )
  }
  if (report.exit.code !== 0 && report.exit.code !== null && report.stderr.trim() !== '') {
    const tail = report.stderr.trimEnd().split('\n').slice(-4).join('\n')
    notes.push(`the program exited with code ${report.exit.code}; its error output ends with:\n${tail}`)
  }
  // The containment shell's own words and exit status (contain.ts).
  if (report.exit.code === 97 && /cannot join its cgroups/.test(report.stderr))
    notes.push('the harness could not put the run in its cgroup')
  return notes
}
