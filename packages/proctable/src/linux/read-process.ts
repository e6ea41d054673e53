import type { ProcessInfo, SnapshotOptions } from '../types.js'
import { ticksToEpochMs } from './clock.js'
import { parseStat } from './parse-stat.js'
import { procBuffer, procFileOwner, readProcFile } from './proc-file.js'
import { readArgv } from './read-argv.js'

/** `PF_KTHREAD` in the `flags` field of `/proc/PID/stat`. */
const PF_KTHREAD = 0x00200000

/** Snapshot options with their defaults applied. */
export interface ReadOptions {
  readonly argv: boolean
  readonly uid: boolean
  readonly kernelThreads: boolean
}

/** Applies the documented defaults of `SnapshotOptions`. */
export function resolveOptions(options: SnapshotOptions = {}): ReadOptions {
  return {
    argv: options.argv ?? true,
    uid: options.uid ?? true,
    kernelThreads: options.kernelThreads ?? false,
  }
}

/**
 * Reads one process from `/proc/<pid>`; `pidText` is the directory name, passed in so that a scan
 * of `/proc` does not format each pid again. A kernel thread the options leave out is returned
 * without its optional fields, for the caller to drop.
 *
 * @returns the process, or `undefined` if it vanished before every file was read.
 */
export function readProcessEntry(pid: number, pidText: string, options: ReadOptions): ProcessInfo | undefined {
  const dir = `/proc/${pidText}`
  const length = readProcFile(`${dir}/stat`, { owner: options.uid, oneRead: true })
  if (length < 0) return undefined
  const uid = options.uid ? procFileOwner() : undefined
  const stat = parseStat(procBuffer(), length)
  if (!stat) return undefined
  const kernelThread = (stat.flags & PF_KTHREAD) !== 0
  const info: { -readonly [K in keyof ProcessInfo]: ProcessInfo[K] } = {
    pid,
    ppid: stat.ppid,
    pgid: stat.pgid,
    sid: stat.sid,
    state: stat.state,
    comm: stat.comm,
    startTicks: stat.startTicks,
    startTime: ticksToEpochMs(stat.startTicks),
    threads: stat.threads,
    kernelThread,
  }
  // The caller leaves it out: save reading its other files.
  if (kernelThread && !options.kernelThreads) return info
  if (options.argv) {
    const argv = kernelThread ? null : readArgv(dir)
    if (argv === undefined) return undefined
    info.argv = argv
  }
  if (options.uid) {
    if (uid === undefined) return undefined
    info.uid = uid
  }
  return info
}

/**
 * Reads one process straight from `/proc`, synchronously. Kernel threads are returned whatever
 * `options.kernelThreads` says: the caller asked for this pid.
 *
 * @param options - which optional fields to read (`argv` and `uid` by default).
 * @returns the process, or `undefined` if it does not exist (or vanished while being read).
 */
export function readProcessSync(pid: number, options?: SnapshotOptions): ProcessInfo | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined
  return readProcessEntry(pid, String(pid), { ...resolveOptions(options), kernelThreads: true })
}
