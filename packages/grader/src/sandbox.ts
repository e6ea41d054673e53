import { join } from 'node:path'
import { terminateProcesses } from '@proclife/proctable'
import type { FixtureRun, RunReport } from '@proclife/runner'
import {
  containedArgv,
  createMemoryCgroup,
  createPidsCgroup,
  ipcNamespace,
  networkNamespace,
  prlimitAvailable,
  processesWithToken,
  withFileSizeLimit,
  type MemoryCgroup,
  type PidsCgroup,
} from './contain.js'
import type { GradingPlan } from './plan.js'
import { createPrivateMounts, type PrivateMounts } from './private-mounts.js'
import { mib, type ResolvedLimits } from './limits.js'
import { asUser, type SwitchedUser } from './user.js'

/** What a sandbox is made of: the run's folder, limits, user, and what it may not see. */
export interface SandboxSpec {
  readonly limits: ResolvedLimits
  /** The run's folder (see workspace.ts): `work`, `sock` and `area` in it. */
  readonly base: string
  readonly plan: GradingPlan
  readonly user: SwitchedUser | null
  /** Folders covered in the run's mount namespace. */
  readonly hide: readonly string[]
  /** Folders that stay visible although asked to be hidden (they hold the grader's installation). */
  readonly visible: readonly string[]
  /** `false`: no cgroups (the live count is watched instead). */
  readonly cgroup?: boolean | undefined
}

/** What the sandbox saw of a run once it ended, as notes in the order a result shows them. */
export interface SandboxAfter {
  /** Forks refused, processes left in a cgroup, memory kills. */
  readonly cgroups: string[]
  /** The fallback watch stopped the run (no pids cgroup). */
  readonly overLimit: string[]
  /** Processes that escaped every net, found by the run's token and killed. */
  readonly escaped: string[]
}

/**
 * One run's containment: the argv that runs a program inside it, and what it says about itself.
 * The argv's shape (unshare, nsenter, the cgroup shell, prlimit, setpriv) is containedArgv's
 * (contain.ts); the sandbox only knows how many leading words of it are its own ({@link wrapper}),
 * so that the report names the student's program, never the harness's wrapper.
 */
export interface Sandbox {
  /** The program, contained. */
  readonly argv: string[]
  /** How many leading words of {@link argv} are containment (the runner's `wrapper`). */
  readonly wrapper: number
  /** Where the run starts: its copy, or (with private files) the run's folder, entered by the namespace. */
  readonly cwd: string
  /** The `contained: …` note: every protection the run has, and every one it lacks and why. */
  readonly note: string
  readonly mounts: PrivateMounts | null
  /** Without a pids cgroup, stops a run whose live processes go past the limit (a fork bomb). */
  watch(run: FixtureRun): void
  /** After the run: reads the cgroups' counters, removes them, kills what escaped; never blocks the event loop. */
  finish(report: RunReport): Promise<SandboxAfter>
  /** Removes the cgroups without a report (the run could not start). */
  discard(): Promise<void>
  /** Closes the private mount namespace (its files go with it). */
  close(): void
}

/**
 * Makes the sandbox of one run of `program`: a pids cgroup (or a watch on the live count), a memory
 * cgroup, no network, IPC of its own, private files, a file size limit, and its user. The machine's
 * abilities were probed before the grade (planGrading); what is missing is said in the note.
 */
export async function openSandbox(program: readonly string[], spec: SandboxSpec): Promise<Sandbox> {
  const { limits, plan, user, visible } = spec
  const cgroup = spec.cgroup === false ? { why: 'no pids cgroup (turned off)' } : createPidsCgroup(limits.maxProcesses)
  const pids: PidsCgroup | null = 'why' in cgroup ? null : cgroup
  const memoryCgroup =
    spec.cgroup === false ? { why: 'no memory cgroup (turned off)' } : createMemoryCgroup(limits.maxMemory)
  const memory: MemoryCgroup | null = 'why' in memoryCgroup ? null : memoryCgroup
  const discard = async (): Promise<void> => {
    await pids?.remove()
    await memory?.remove()
  }
  const net = limits.network ? null : networkNamespace()
  const ipc = ipcNamespace()
  let mounts: PrivateMounts | null = null
  try {
    if (plan.mounts.ok)
      mounts = await createPrivateMounts({ base: spec.base, diskBytes: limits.maxDisk, hide: spec.hide })
  } catch (error) {
    await discard()
    // Of this submission (its copy does not fit the run's disk, a name the tmpfs rejects): its grade says so.
    throw new Error(`its private files could not be made: ${(error as Error).message}`, { cause: error })
  }
  const files = mounts
    ? `files: a mount namespace of its own (its copy, /tmp and /dev/shm in ${mib(limits.maxDisk)} of tmpfs; the rest read-only; other submissions and the results hidden${visible.length > 0 ? `, but not ${visible.join(', ')} (it holds the grader's installation)` : ''}${mounts.writable.length > 0 ? `; still writable: ${mounts.writable.join(', ')}` : ''})`
    : `files not isolated: ${(plan.mounts as { why: string }).why}; the run may read and write whatever its user may, disk not bounded in total`
  const who = user
    ? `runs as ${user.label}, without capabilities`
    : plan.asRoot !== null
      ? `runs as root, ${plan.asRoot}: it could undo its private files, and signal or read anything on the machine`
      : `runs as the grader's own user (uid ${process.getuid?.() ?? '?'}): a user of its own needs the grader to run as root`
  const note = `contained: ${pids ? `pids cgroup ${pids.kind} (at most ${limits.maxProcesses} processes and threads)` : `${(cgroup as { why: string }).why}; the live process count is watched instead and the run stopped above ${limits.maxProcesses}`}; ${limits.network ? 'network allowed by the lab' : net!.why}; ${ipc.why}; ${memory ? `memory up to ${mib(limits.maxMemory)}` : `memory not limited: ${(memoryCgroup as { why: string }).why}`}; ${prlimitAvailable() ? `files up to ${mib(limits.maxFileSize)}` : 'file size not limited (no prlimit)'}; ${files}; time limit ${limits.timeout} ms; output kept up to ${limits.maxOutput} bytes; ${who}`
  const asTheUser = user ? asUser(program, user) : [...program]
  const argv = containedArgv(
    prlimitAvailable() ? withFileSizeLimit(asTheUser, limits.maxFileSize) : asTheUser,
    [pids, memory].filter((c) => c !== null),
    net?.ok === true,
    mounts,
    ipc.ok,
  )

  let watch: NodeJS.Timeout | undefined
  let overLimit = false
  return {
    argv,
    wrapper: argv.length - program.length,
    cwd: mounts ? spec.base : join(spec.base, 'work'),
    note,
    mounts,
    watch(run) {
      if (pids) return
      // Not for synchronisation: a guard that stops a fork bomb where no cgroup can.
      watch = setInterval(() => {
        if (run.view().alive.length > limits.maxProcesses && !overLimit) {
          overLimit = true
          void run.stop()
        }
      }, 20)
    },
    async finish(report) {
      if (watch) clearInterval(watch)
      const cgroups: string[] = []
      if (pids) {
        const refused = pids.refused()
        if (refused > 0)
          cgroups.push(
            `the process limit (${limits.maxProcesses}) was reached: ${refused} new process${refused === 1 ? ' or thread was' : 'es or threads were'} refused`,
          )
        const left = await pids.remove()
        if (left.length > 0)
          cgroups.push(
            `killed ${left.length} process${left.length === 1 ? '' : 'es'} left in the cgroup: ${left.join(', ')}`,
          )
      }
      if (memory) {
        const kills = memory.oomKills()
        if (kills > 0)
          cgroups.push(
            `the memory limit (${mib(limits.maxMemory)}) was reached: the kernel killed ${kills} process${kills === 1 ? '' : 'es'}`,
          )
        const left = await memory.remove()
        if (left.length > 0 && !pids)
          cgroups.push(
            `killed ${left.length} process${left.length === 1 ? '' : 'es'} left in the cgroup: ${left.join(', ')}`,
          )
      }
      const found = processesWithToken(report.runId)
      await terminateProcesses(found, { killAfter: 0 })
      return {
        cgroups,
        overLimit: overLimit
          ? [`more than ${limits.maxProcesses} processes were alive at once: the run was stopped`]
          : [],
        escaped:
          found.length > 0
            ? [
                `killed ${found.length} process${found.length === 1 ? '' : 'es'} found by the run's token after the run: ${found.map((p) => p.pid).join(', ')}`,
              ]
            : [],
      }
    },
    discard: async () => {
      if (watch) clearInterval(watch)
      await discard()
    },
    close: () => mounts?.close(),
  }
}
