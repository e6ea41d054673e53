import type { ProcessInfo, ProcessTableBackend, Snapshot, SnapshotOptions } from '../types.js'
import { outputArguments, psFlavour, type PsFlavour } from './columns.js'
import { parseRow, type PsRow } from './parse-row.js'
import { psFailed, runPs } from './run-ps.js'

const NEWLINE = 0x0a

/**
 * Runs `ps` once and parses every row. `selection` is `-A` or `-p PID,…`; with `-p`, finding none of
 * the pids is not an error (exit code 1, nothing on stderr).
 */
async function readRows(selection: readonly string[], withArgs: boolean, flavour: PsFlavour): Promise<PsRow[]> {
  const args = ['-ww', ...selection, ...outputArguments(flavour, withArgs)]
  const output = await runPs(args)
  if (output.exitCode !== 0) {
    const noneFound = output.exitCode === 1 && selection[0] === '-p' && output.stderr.trim() === ''
    if (noneFound) return []
    throw psFailed(args, output)
  }
  // Each line is decoded on its own: strings cut from one big decoded output would be V8 slices that
  // keep all of it alive for as long as any process of the snapshot (a subtree's, say) is kept.
  const bytes = output.stdout
  let end = bytes.indexOf(NEWLINE)
  const header = bytes.toString('utf8', 0, end === -1 ? bytes.length : end)
  // The long header of the command-name column (see columns.ts) makes `ps` print a header line.
  if (!header.startsWith('CCCC'))
    throw new Error(`ps backend: unexpected first line of \`ps\` output: ${JSON.stringify(header)}`)
  const rows: PsRow[] = []
  while (end !== -1) {
    const start = end + 1
    end = bytes.indexOf(NEWLINE, start)
    const stop = end === -1 ? bytes.length : end
    if (stop > start) rows.push(parseRow(bytes.toString('utf8', start, stop), flavour, withArgs))
  }
  return rows
}

/**
 * Linux kernel threads are `kthreadd` (ppid 0) and its children. Found by name rather than assumed to
 * be pid 2, because inside a PID namespace pid 2 is an ordinary process (and kthreadd is not visible).
 */
function kthreaddPid(rows: readonly PsRow[], flavour: PsFlavour): number | undefined {
  if (flavour !== 'procps') return undefined
  return rows.find((row) => row.ppid === 0 && row.comm === 'kthreadd')?.pid
}

/**
 * `ps` joins the argument vector with spaces, so an argument that itself contains a space cannot be
 * told apart from two; splitting on single spaces gives back every other vector exactly. A process
 * without arguments (zombie, kernel thread, or one whose memory is gone) is shown as `[comm]` by
 * procps and `(comm)` by BSD `ps`; those read as `null`, like the /proc backend's empty `cmdline`.
 */
function argvOf(row: PsRow, kernelThread: boolean): readonly string[] | null {
  const args = row.args ?? ''
  if (row.state === 'Z' || kernelThread || args === '') return null
  if (args === `[${row.comm}]` || args === `(${row.comm})`) return null
  return args.split(' ')
}

function toInfo(row: PsRow, options: SnapshotOptions, kernelThread: boolean): ProcessInfo {
  return {
    pid: row.pid,
    // See `psBackend`: identity on this backend is pid + start second.
    startTicks: row.startSeconds * 100,
    ppid: row.ppid,
    pgid: row.pgid,
    sid: row.sid,
    state: row.state,
    comm: row.comm,
    ...(options.argv === false ? {} : { argv: argvOf(row, kernelThread) }),
    ...(options.uid === false ? {} : { uid: row.uid }),
    startTime: row.startSeconds * 1000,
    threads: row.threads,
    kernelThread,
  }
}

/** Turns rows into a pid map, leaving out kernel threads unless asked for. */
function toProcesses(rows: readonly PsRow[], options: SnapshotOptions, flavour: PsFlavour): Map<number, ProcessInfo> {
  const kthreadd = kthreaddPid(rows, flavour)
  const processes = new Map<number, ProcessInfo>()
  for (const row of rows) {
    const kernelThread = kthreadd !== undefined && (row.pid === kthreadd || row.ppid === kthreadd)
    if (kernelThread && options.kernelThreads !== true) continue
    processes.set(row.pid, toInfo(row, options, kernelThread))
  }
  return processes
}

/** `root` and its descendants, found through the ppid links of one whole-table snapshot. */
function descendantsOf(root: number, all: ReadonlyMap<number, ProcessInfo>): Map<number, ProcessInfo> {
  const subtree = new Map<number, ProcessInfo>()
  const rootInfo = all.get(root)
  if (rootInfo === undefined) return subtree
  const children = new Map<number, number[]>()
  for (const info of all.values()) {
    const siblings = children.get(info.ppid)
    if (siblings === undefined) children.set(info.ppid, [info.pid])
    else siblings.push(info.pid)
  }
  subtree.set(root, rootInfo)
  const queue = [root]
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      const info = all.get(child)
      // A pid cycle is impossible in one consistent table, but never loop on a bad one.
      if (info !== undefined && !subtree.has(child)) {
        subtree.set(child, info)
        queue.push(child)
      }
    }
  }
  return subtree
}

/** Whether `pid` can name a process at all (`pid_t` is a signed 32-bit integer); `ps -p` rejects others. */
function isPid(pid: number): boolean {
  return Number.isSafeInteger(pid) && pid > 0 && pid <= 0x7fffffff
}

/**
 * The process table read by running `ps` once per call, for macOS and other Unixes without `/proc`
 * (tested on Linux, against the /proc backend).
 *
 * What differs from the /proc backend:
 * - Start times come from `lstart`, which has **1-second resolution**. `startTime` is a whole second
 *   (in ms) and `startTicks` is that second since the epoch × 100, not ticks since boot: on this backend
 *   a process's identity is its pid plus the second it started in. Do not compare identities across
 *   backends.
 * - `argv` is `ps`'s space-joined `args` split on single spaces (lossy for arguments containing spaces);
 *   the C locale shows bytes outside ASCII as `?` in `comm` and `argv`.
 * - A command name ending in spaces loses them (names are padded to a fixed column, see `columns.ts`).
 * - macOS: no session id (`sid` is `-1`) and no thread count (`threads` is `1`); states `U` and `I`
 *   read as `D` and `S`. Kernel threads are only recognised on Linux (kthreadd and its children).
 * - `subtree()` costs a whole-table `ps`; `readProcess()` runs `ps -p`.
 * - An impossible pid (not a positive 32-bit integer) reads as absent, as on the /proc backend.
 */
export const psBackend: ProcessTableBackend = {
  name: 'ps',

  async snapshot(options: SnapshotOptions = {}): Promise<Snapshot> {
    const takenAt = Date.now()
    const flavour = psFlavour()
    const rows = await readRows(['-A'], options.argv !== false, flavour)
    return { takenAt, backend: 'ps', processes: toProcesses(rows, options, flavour) }
  },

  async subtree(pid: number, options: SnapshotOptions = {}): Promise<Snapshot> {
    if (!isPid(pid)) return { takenAt: Date.now(), backend: 'ps', root: pid, processes: new Map() }
    const whole = await psBackend.snapshot(options)
    return { takenAt: whole.takenAt, backend: 'ps', root: pid, processes: descendantsOf(pid, whole.processes) }
  },

  async readProcess(pid: number, options: SnapshotOptions = {}): Promise<ProcessInfo | undefined> {
    if (!isPid(pid)) return undefined
    const flavour = psFlavour()
    // On Linux also read pid 2, to tell whether `pid` is a kernel thread (see kthreaddPid).
    const pids = flavour === 'procps' && pid !== 2 ? `${pid},2` : String(pid)
    const rows = await readRows(['-p', pids], options.argv !== false, flavour)
    // Like the /proc backend: a kernel thread asked for by pid is returned whatever the options say.
    return toProcesses(rows, { ...options, kernelThreads: true }, flavour).get(pid)
  },
}
