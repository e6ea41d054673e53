import { procBuffer, readProcFile } from './proc-file.js'

/**
 * A process's pid in each PID namespace it belongs to, outermost (this `/proc`'s) first: the
 * `NSpid` line of `/proc/PID/status`. The last entry is its pid in its own namespace, so a process
 * whose list ends in 1 is that namespace's init. Kernels before 4.1 have no such line: one entry.
 *
 * @returns the list, or `undefined` if the process is gone or hidden.
 */
export function readNsPids(pid: number): number[] | undefined {
  const length = readProcFile(`/proc/${pid}/status`)
  if (length < 0) return undefined
  const text = procBuffer().toString('latin1', 0, length)
  const match = /^NSpid:\t(.*)$/m.exec(text)
  return match?.[1] ? match[1].split('\t').map(Number) : [pid]
}
