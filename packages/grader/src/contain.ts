import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as pause } from 'node:timers/promises'
import { findByEnvironment, readProcessSync, signalProcess, type ProcessInfo } from '@proclife/proctable'
import { probeCommand, probeCommandSync, type ProbeResult } from './run-probe.js'
import { ownerIsGone } from './temp-copies.js'

type Probed = { ok: boolean; why: string }

const said = (probe: ProbeResult): string => probe.said || `exit ${probe.status}`

// Each probe's command and what its result means, once: the grader probes without waiting
// (probeContainment), `proclife doctor` through the synchronous getters.
const probes = {
  net: {
    argv: ['unshare', '--net', 'true'],
    read: (p: ProbeResult): Probed =>
      p.status === 0
        ? { ok: true, why: 'no network (a network namespace of its own, unshare --net)' }
        : { ok: false, why: `network not isolated: unshare --net is not available here (${said(p)})` },
  },
  ipc: {
    argv: ['unshare', '--ipc', '--uts', 'true'],
    read: (p: ProbeResult): Probed =>
      p.status === 0
        ? { ok: true, why: 'IPC objects and hostname of its own (unshare --ipc --uts), gone with the run' }
        : {
            ok: false,
            why: `IPC not isolated: unshare --ipc --uts is not available here (${said(p)}); System V and POSIX IPC objects are shared with the machine`,
          },
  },
  prlimit: {
    argv: ['prlimit', '--version'],
    read: (p: ProbeResult): Probed => ({ ok: p.status === 0, why: p.status === 0 ? 'prlimit is here' : 'no prlimit' }),
  },
} as const

const probed: { -readonly [K in keyof typeof probes]?: Probed } = {}

function probedSync(name: keyof typeof probes): Probed {
  return (probed[name] ??= probes[name].read(probeCommandSync(probes[name].argv)))
}

/**
 * Probes, without blocking the event loop, what a run's containment can use here (a network
 * namespace, an IPC namespace, prlimit), once; {@link networkNamespace}, {@link ipcNamespace} and
 * {@link prlimitAvailable} then answer from what was found. The grader calls it before a grade.
 */
export async function probeContainment(): Promise<void> {
  await Promise.all(
    (Object.keys(probes) as (keyof typeof probes)[]).map(async (name) => {
      if (probed[name]) return
      const found = probes[name].read(await probeCommand(probes[name].argv))
      probed[name] ??= found
    }),
  )
}

/** Whether `unshare --net` works here (root, or user namespaces); probed once. */
export function networkNamespace(): { ok: boolean; why: string } {
  return probedSync('net')
}

/**
 * Whether `unshare --ipc --uts` works here; probed once. A run in an IPC namespace of its own
 * shares no System V object (shared memory, message queue, semaphore) nor POSIX message queue
 * with any other run or the machine, and all of them go with its last process: nothing of a run is
 * left in the kernel. Its hostname is its own too.
 */
export function ipcNamespace(): { ok: boolean; why: string } {
  return probedSync('ipc')
}

/** A cgroup of one run. */
interface RunCgroup {
  readonly path: string
  readonly kind: 'v1' | 'v2'
  /** Pids still in the cgroup. */
  members(): number[]
  /**
   * Kills what is left (SIGKILL, by pid: only this run's processes are in it) and removes the
   * cgroup; resolves with the pids it killed. Killed processes leave the cgroup only once reaped:
   * the wait for that never blocks the event loop.
   */
  remove(): Promise<string[]>
}

/** A per-run pids cgroup. */
export interface PidsCgroup extends RunCgroup {
  readonly max: number
  /** How many forks the limit refused so far. */
  refused(): number
}

/** A per-run memory cgroup. */
export interface MemoryCgroup extends RunCgroup {
  /** The limit, bytes (memory, and memory + swap where the kernel accounts swap). */
  readonly max: number
  /** How many processes the kernel killed for going over the limit. */
  oomKills(): number
  /** The most memory the run used at once, bytes (null where the kernel does not say). */
  peak(): number | null
}

type Controller = 'pids' | 'memory'

/** Where cgroups of a controller can be made: its v1 hierarchy, or a v2 hierarchy that has it. */
function controllerRoot(controller: Controller): { dir: string; kind: 'v1' | 'v2' } | { why: string } {
  const v1 = `/sys/fs/cgroup/${controller}`
  if (existsSync(join(v1, 'cgroup.procs'))) return { dir: v1, kind: 'v1' }
  for (const v2 of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup']) {
    try {
      const controllers = readFileSync(join(v2, 'cgroup.controllers'), 'utf8').split(/\s+/)
      if (controllers.includes(controller)) return { dir: v2, kind: 'v2' }
    } catch {
      /* not a v2 hierarchy */
    }
  }
  return {
    why: `no ${controller} cgroup controller is available (neither /sys/fs/cgroup/${controller} nor a v2 hierarchy with ${controller})`,
  }
}

function membersOf(path: string): number[] {
  try {
    return readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Kills what is in a cgroup and removes it; returns the pids it killed. */
async function empty(path: string, attempts: number): Promise<string[]> {
  const left: string[] = []
  for (let attempt = 0; attempt < attempts; attempt++) {
    for (const pid of membersOf(path)) {
      // A pid listed in the cgroup is one of the run's; read its start time now so that the
      // signal goes to that process only, never to a newer one that took the pid.
      const info = readProcessSync(pid, { argv: false, uid: false })
      if (info && signalProcess(info, 'SIGKILL')) left.push(String(pid))
    }
    try {
      rmdirSync(path)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') break
      // Killed processes leave the cgroup once reaped (by their reaper, not by us).
      await pause(10)
    }
  }
  return [...new Set(left)]
}

let counter = 0
let sweeping: Promise<string[]> | undefined

/** {@link removeStaleCgroups}, once per grader: the first cgroup made starts it; a grade waits for it. */
export function sweepStaleCgroups(): Promise<string[]> {
  return (sweeping ??= removeStaleCgroups().catch(() => []))
}

/**
 * Removes the cgroups that graders which are gone left behind (a grader SIGKILLed between making
 * a cgroup and removing it): `proclife-grade-<pid>-<time>-<n>` whose process `<pid>` no longer
 * exists, or is another process that started after the cgroup was made. Whatever is still in one
 * is killed first: only runs of that grader were ever put in it. Returns the paths removed.
 *
 * @param options.under The cgroup directories to look in (their direct entries only). Default:
 *   the roots of the pids and memory hierarchies, where graders make their cgroups.
 */
export async function removeStaleCgroups(options: { under?: readonly string[] } = {}): Promise<string[]> {
  const removed: string[] = []
  const roots = new Set(
    options.under ??
      (['pids', 'memory'] as const).flatMap((c) => {
        const r = controllerRoot(c)
        return 'why' in r ? [] : [r.dir]
      }),
  )
  for (const dir of roots) {
    let entries: string[]
    try {
      entries = readdirSync(dir)
    } catch {
      continue
    }
    for (const entry of entries) {
      const m = /^proclife-grade-(\d+)-([0-9a-z]+)-\d+$/.exec(entry)
      if (!m) continue
      if (!ownerIsGone(Number(m[1]), parseInt(m[2]!, 36))) continue // its grader is still there
      const path = join(dir, entry)
      await empty(path, 100)
      if (!existsSync(path)) removed.push(path)
    }
  }
  return removed
}

/** Makes a cgroup of the controller for one run and writes its limits; or says why it cannot. */
function makeCgroup(
  controller: Controller,
  limits: [file: string, value: string, optional?: boolean][],
): { path: string; kind: 'v1' | 'v2' } | { why: string } {
  const root = controllerRoot(controller)
  if ('why' in root) return root
  void sweepStaleCgroups()
  const path = join(root.dir, `proclife-grade-${process.pid}-${Date.now().toString(36)}-${++counter}`)
  try {
    mkdirSync(path)
    for (const [file, value, optional] of limits) {
      if (optional && !existsSync(join(path, file))) continue
      writeFileSync(join(path, file), value)
    }
  } catch (error) {
    try {
      rmdirSync(path)
    } catch {
      /* never made */
    }
    return { why: `cannot create a ${controller} cgroup under ${root.dir}: ${(error as Error).message}` }
  }
  return { path, kind: root.kind }
}

function counterIn(path: string, file: string, name: string): number {
  try {
    return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(readFileSync(join(path, file), 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

/** Creates a pids cgroup allowing `max` processes, or says why it cannot. */
export function createPidsCgroup(max: number): PidsCgroup | { why: string } {
  const made = makeCgroup('pids', [['pids.max', String(max)]])
  if ('why' in made) return made
  const { path } = made
  return {
    ...made,
    max,
    refused: () => counterIn(path, 'pids.events', 'max'),
    members: () => membersOf(path),
    remove: () => empty(path, 200),
  }
}

/**
 * Creates a memory cgroup allowing `max` bytes for the whole run, or says why it cannot. Swap
 * counts too where the kernel accounts it (v1 `memsw`, v2 `memory.swap.max` 0): a run over the
 * limit is not slowed down by swapping, the kernel kills a process of it.
 */
export function createMemoryCgroup(max: number): MemoryCgroup | { why: string } {
  const root = controllerRoot('memory')
  const made = makeCgroup(
    'memory',
    'why' in root || root.kind === 'v1'
      ? [
          ['memory.limit_in_bytes', String(max)],
          ['memory.memsw.limit_in_bytes', String(max), true],
          ['memory.swappiness', '0', true],
        ]
      : [
          ['memory.max', String(max)],
          ['memory.swap.max', '0', true],
        ],
  )
  if ('why' in made) return made
  const { path, kind } = made
  const number = (file: string): number | null => {
    try {
      const n = Number(readFileSync(join(path, file), 'utf8').trim())
      return Number.isFinite(n) ? n : null
    } catch {
      return null
    }
  }
  return {
    ...made,
    max,
    oomKills: () =>
      kind === 'v1' ? counterIn(path, 'memory.oom_control', 'oom_kill') : counterIn(path, 'memory.events', 'oom_kill'),
    peak: () => (kind === 'v1' ? number('memory.max_usage_in_bytes') : number('memory.peak')),
    members: () => membersOf(path),
    remove: () => empty(path, 200),
  }
}

/** Whether `prlimit` (util-linux) is here, to set a run's resource limits; probed once. */
export function prlimitAvailable(): boolean {
  return probedSync('prlimit').ok
}

/**
 * The argv that runs `argv` with no file larger than `bytes` (`RLIMIT_FSIZE`, kept by every
 * process it starts): a write past it fails with EFBIG, or SIGXFSZ ends the writer.
 */
export function withFileSizeLimit(argv: readonly string[], bytes: number): string[] {
  return ['prlimit', `--fsize=${bytes}:${bytes}`, '--', ...argv]
}

/**
 * The argv that runs `argv` inside the run's cgroups (and without network when asked and
 * possible, with IPC of its own when `ownIpc`, and in its private mount namespace when it has one): a shell writes its own pid into
 * each `cgroup.procs`, then becomes the program. Each step execs the next: one process throughout.
 */
export function containedArgv(
  argv: readonly string[],
  cgroups: readonly RunCgroup[],
  noNetwork: boolean,
  mounts: { enter(argv: readonly string[]): string[] } | null = null,
  ownIpc = false,
): string[] {
  const out: string[] = []
  const namespaces = [...(ownIpc ? ['--ipc', '--uts'] : []), ...(noNetwork ? ['--net'] : [])]
  if (namespaces.length > 0) out.push('unshare', ...namespaces)
  if (mounts) out.push(...mounts.enter([]))
  if (cgroups.length > 0) {
    out.push(
      'sh',
      '-c',
      `${cgroups.map((_, i) => `echo $$ > "$${i}"`).join(' && ')} || { echo "proclife grade: cannot join its cgroups" >&2; exit 97; }; shift ${cgroups.length - 1}; exec "$@"`,
      ...cgroups.map((c) => join(c.path, 'cgroup.procs')),
    )
  }
  return [...out, ...argv]
}

/** Live processes that carry the run's token (`PROCLIFE_RUN`): what escaped every other net. */
export function processesWithToken(runId: string): ProcessInfo[] {
  return findByEnvironment('PROCLIFE_RUN', runId)
}
