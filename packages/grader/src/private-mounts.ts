import { spawn } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { relative } from 'node:path'
import { probeCommand, probeCommandSync, type ProbeResult } from './run-probe.js'

/**
 * Where a run's private files are made: the machine's temporary folder, resolved. The run's
 * folder must lie inside it, because its private tmpfs is moved over this folder.
 */
export function gradingTmp(): string {
  return realpathSync(tmpdir())
}

/** Whether `path` lies under {@link gradingTmp}, which each run's private /tmp hides from the run. */
export function hiddenByPrivateTmp(path: string): boolean {
  const inside = relative(gradingTmp(), path)
  return inside !== '' && !inside.startsWith('..') && !inside.startsWith('/')
}

type Availability = { ok: true } | { ok: false; why: string }

let available: Availability | undefined

const notRoot: Availability = { ok: false, why: 'a private mount namespace per run needs the grader to run as root' }
const probeArgv = (): string[] => [
  'unshare',
  '--mount',
  '--propagation',
  'private',
  'sh',
  '-c',
  'mount -t tmpfs -o size=64k proclife-probe "$1" && mount -o remount,bind,ro "$1" && nsenter --version >/dev/null',
  'sh',
  gradingTmp(),
]
const readProbe = (probe: ProbeResult): Availability =>
  probe.status === 0
    ? { ok: true }
    : {
        ok: false,
        why: `a private mount namespace cannot be made here (unshare --mount, mount, nsenter: ${probe.said.split('\n').at(-1) || `exit ${probe.status}`})`,
      }

/**
 * Whether a run can have a private mount namespace here (root, and util-linux's `unshare`,
 * `nsenter` and `mount`), probed once by making one with a tmpfs in it.
 */
export function privateMountsAvailable(): Availability {
  available ??= process.getuid?.() !== 0 ? notRoot : readProbe(probeCommandSync(probeArgv()))
  return available
}

/** {@link privateMountsAvailable}, probed without blocking the event loop (the grader's way, before a grade). */
export async function probePrivateMounts(): Promise<Availability> {
  if (available) return available
  const found = process.getuid?.() !== 0 ? notRoot : readProbe(await probeCommand(probeArgv()))
  available ??= found
  return available
}

/** A run's own view of the files: a mount namespace, held open by a small process until {@link close}. */
export interface PrivateMounts {
  /** Prefixes a command so that it runs inside the namespace, in the run's copy of the submission. */
  enter(argv: readonly string[]): string[]
  /** Mounts that could not be made read-only (each a protection missing, for the report). */
  readonly writable: readonly string[]
  /** Ends the process that holds the namespace; it goes away with the run's last process. */
  close(): void
}

/** What {@link createPrivateMounts} needs. */
export interface PrivateMountsOptions {
  /** The run's folder, inside {@link gradingTmp}: `work` (its copy of the submission) and `sock` (the runner's `runDir`) in it. */
  readonly base: string
  /** Bytes of the run's tmpfs: its copy, `/tmp` and `/dev/shm` together. */
  readonly diskBytes: number
  /** Folders no run may see (other submissions, the results): each covered by an empty read-only tmpfs. */
  readonly hide: readonly string[]
}

/*
 * Runs as root inside the new namespace, before anything of the submission. Paths come as
 * arguments, never inside the script, so no folder name can inject a command.
 *
 * `unshare --propagation private` has made every mount private: nothing done here reaches the
 * machine. External commands are few: each costs a fork and an exec before every run.
 *
 * 1. A tmpfs of the run's size is made aside (on `$B/area`, still in the machine's /tmp), the
 *    run's copy and the runner's folder (bound: its checkpoint socket appears later) put in it at
 *    the paths they have outside, then moved over the machine's /tmp: the run sees its own files
 *    and nothing of other runs. /dev/shm (Python's multiprocessing semaphores) is a folder of it.
 * 2. Hidden folders get an empty read-only tmpfs over them.
 * 3. Every other mount is made read-only (a bind remount changes this namespace's copy only);
 *    /proc, /sys and /dev are left as they are (the run's user may not write there anyway, and
 *    joining the cgroups needs /sys).
 */
const setup = String.raw`set -e
B=$1 T=$2 rel=$3 size=$4 inodes=$5
shift 5
area="$B/area"
mount -t tmpfs -o "size=$size,nr_inodes=$inodes,mode=1777,nosuid,nodev" proclife-run "$area"
mkdir -p -m 1777 "$area/$rel/sock" "$area/.shm"
cp -a "$B/work" "$area/$rel/"
mount --bind "$B/sock" "$area/$rel/sock"
mount --move "$area" "$T"
if [ "$T" != /tmp ] && [ -d /tmp ]; then mount --bind "$T" /tmp; fi
if [ -d /dev/shm ]; then mount --bind "$T/.shm" /dev/shm; fi
for hidden in "$@"; do
  if [ -d "$hidden" ]; then mount -t tmpfs -o ro,size=4k,mode=0 proclife-hidden "$hidden"; fi
done
while read -r _ _ _ _ mp _; do
  case $mp in *\*) mp=$(printf '%b' "$mp") ;; esac
  case $mp in "$T"|"$T"/*|/tmp|/tmp/*|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac
  for hidden in "$@"; do if [ "$mp" = "$hidden" ]; then continue 2; fi; done
  mount -o remount,bind,ro "$mp" 2>/dev/null || echo "writable $mp"
done < /proc/self/mountinfo
cd "$B/work"
echo ready
exec cat >/dev/null`

/**
 * Makes a run's private mount namespace and resolves once it is ready; rejects (with what failed)
 * if it cannot be made. The namespace is held by a `cat` reading a pipe from the grader: if the
 * grader dies, the pipe closes and the holder ends; the namespace lasts while a process is in it.
 */
export function createPrivateMounts(options: PrivateMountsOptions): Promise<PrivateMounts> {
  const tmp = gradingTmp()
  const rel = relative(tmp, options.base)
  if (rel.startsWith('..') || rel === '') throw new Error(`the run's folder ${options.base} is not inside ${tmp}`)
  const inodes = Math.max(256, Math.floor(options.diskBytes / 4096))
  const holder = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      setup,
      'sh',
      options.base,
      tmp,
      rel,
      String(options.diskBytes),
      String(inodes),
      ...options.hide,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const writable: string[] = []
    holder.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk
    })
    holder.on('error', reject)
    holder.on('exit', (code, signal) =>
      reject(
        new Error(
          `the run's mount namespace could not be made (${err.trim().split('\n').at(-1) || `exit ${signal ?? code}`})`,
        ),
      ),
    )
    holder.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = out.slice(0, nl)
        out = out.slice(nl + 1)
        if (line.startsWith('writable ')) writable.push(line.slice('writable '.length))
        if (line !== 'ready') continue
        holder.removeAllListeners('exit')
        resolve({
          // The holder is our child and lives until close() (a run's own user cannot signal it),
          // so its pid names it. Only if root killed it and its pid went to another process before
          // the run started could nsenter enter another namespace (docs/labs.md, "Not done yet").
          // `--wd` with no folder takes the holder's, which is the run's copy inside the namespace.
          enter: (argv) => ['nsenter', `--target=${holder.pid}`, '--mount', '--wd', '--', ...argv],
          writable,
          close: () => {
            holder.stdin.end()
            holder.kill('SIGKILL')
          },
        })
      }
    })
  })
}
