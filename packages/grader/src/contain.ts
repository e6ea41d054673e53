import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readProcessSync } from '@proclife/proctable'

let netns: { ok: boolean; why: string } | undefined

/** Whether `unshare --net` works here (root, or user namespaces); probed once. */
export function networkNamespace(): { ok: boolean; why: string } {
  if (netns) return netns
  const probe = spawnSync('unshare', ['--net', 'true'], { encoding: 'utf8', timeout: 5000 })
  netns = probe.status === 0
    ? { ok: true, why: 'no network (a network namespace of its own, unshare --net)' }
    : { ok: false, why: `network not isolated: unshare --net is not available here (${(probe.error?.message ?? probe.stderr ?? '').trim() || `exit ${probe.status}`})` }
  return netns
}

/** A per-run pids cgroup. */
export interface PidsCgroup {
  readonly path: string
  readonly kind: 'v1' | 'v2'
  readonly max: number
  /** How many forks the limit refused so far. */
  refused(): number
  /** Pids still in the cgroup. */
  members(): number[]
  /** Kills what is left (SIGKILL, by pid: only this run's processes are in it) and removes the cgroup. */
  remove(): string[]
}

function writable(dir: string): boolean {
  try {
    return existsSync(join(dir, 'cgroup.procs'))
  } catch {
    return false
  }
}

/** Where pids cgroups can be made: the v1 pids hierarchy, or a v2 hierarchy that has the controller. */
function pidsRoot(): { dir: string; kind: 'v1' | 'v2' } | { why: string } {
  const v1 = '/sys/fs/cgroup/pids'
  if (writable(v1)) return { dir: v1, kind: 'v1' }
  for (const v2 of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup']) {
    try {
      const controllers = readFileSync(join(v2, 'cgroup.controllers'), 'utf8').split(/\s+/)
      if (controllers.includes('pids')) return { dir: v2, kind: 'v2' }
    } catch { /* not a v2 hierarchy */ }
  }
  return { why: 'no pids cgroup controller is available (neither /sys/fs/cgroup/pids nor a v2 hierarchy with pids)' }
}

let counter = 0
let swept = false

/**
 * Removes the pids cgroups that graders which are gone left behind (a grader SIGKILLed between
 * making a cgroup and removing it): `proclife-grade-<pid>-<time>-<n>` whose process `<pid>` no
 * longer exists, or is another process that started after the cgroup was made. Whatever is still
 * in one is killed first: only runs of that grader were ever put in it. Returns the paths removed.
 */
export function removeStaleCgroups(): string[] {
  const root = pidsRoot()
  if ('why' in root) return []
  const removed: string[] = []
  let entries: string[]
  try {
    entries = readdirSync(root.dir)
  } catch {
    return []
  }
  for (const entry of entries) {
    const m = /^proclife-grade-(\d+)-([0-9a-z]+)-\d+$/.exec(entry)
    if (!m) continue
    const pid = Number(m[1])
    const made = parseInt(m[2]!, 36)
    const owner = pid === process.pid ? made : readProcessSync(pid)?.startTime ?? null
    if (owner !== null && owner <= made + 1000) continue // its grader is still there
    const path = join(root.dir, entry)
    for (let attempt = 0; attempt < 100; attempt++) {
      let members: number[] = []
      try {
        members = readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number)
      } catch { /* gone */ }
      for (const member of members) {
        try { process.kill(member, 'SIGKILL') } catch { /* gone */ }
      }
      try {
        rmdirSync(path)
        removed.push(path)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break
        // Killed processes leave the cgroup once reaped (by their reaper, not by us).
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
      }
    }
  }
  return removed
}

/** Creates a pids cgroup allowing `max` processes, or says why it cannot. */
export function createPidsCgroup(max: number): PidsCgroup | { why: string } {
  const root = pidsRoot()
  if ('why' in root) return root
  if (!swept) {
    swept = true
    removeStaleCgroups()
  }
  const path = join(root.dir, `proclife-grade-${process.pid}-${Date.now().toString(36)}-${++counter}`)
  try {
    mkdirSync(path)
    writeFileSync(join(path, 'pids.max'), String(max))
  } catch (error) {
    try { rmdirSync(path) } catch { /* never made */ }
    return { why: `cannot create a pids cgroup under ${root.dir}: ${(error as Error).message}` }
  }
  const members = (): number[] => {
    try {
      return readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number)
    } catch {
      return []
    }
  }
  return {
    path, kind: root.kind, max,
    refused: () => {
      try {
        return Number(/^max (\d+)/m.exec(readFileSync(join(path, 'pids.events'), 'utf8'))?.[1] ?? 0)
      } catch {
        return 0
      }
    },
    members,
    remove: () => {
      const left: string[] = []
      for (let attempt = 0; attempt < 200; attempt++) {
        const pids = members()
        for (const pid of pids) {
          left.push(String(pid))
          try { process.kill(pid, 'SIGKILL') } catch { /* gone */ }
        }
        try {
          rmdirSync(path)
          return [...new Set(left)]
        } catch {
          // Killed processes leave the cgroup when they are reaped; the runner reaps them.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
        }
      }
      return [...new Set(left)]
    },
  }
}

/** The argv that runs `argv` inside the cgroup (and without network when asked and possible). */
export function containedArgv(argv: readonly string[], cgroup: PidsCgroup | null, noNetwork: boolean): string[] {
  const out: string[] = []
  if (noNetwork) out.push('unshare', '--net')
  if (cgroup) out.push('sh', '-c', 'echo $$ > "$0" || { echo "proclife grade: cannot join the pids cgroup" >&2; exit 97; }; exec "$@"', join(cgroup.path, 'cgroup.procs'))
  return [...out, ...argv]
}

/** Live processes that carry the run's token (`PROCLIFE_RUN`): what escaped every other net. */
export function processesWithToken(runId: string): number[] {
  const token = `PROCLIFE_RUN=${runId}`
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1')
      if (!environ.split('\0').includes(token)) continue
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') found.push(Number(entry))
    } catch { /* gone */ }
  }
  return found
}
