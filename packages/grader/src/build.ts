import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { lchownSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { submissionLimits } from './copy-submission.js'
import type { GradeOptions } from './grade-types.js'
import { buildOutputTail } from './lab-files.js'
import { buildLimits } from './limits.js'
import type { LoadedLab } from './load-lab.js'
import type { GradingPlan } from './plan.js'
import type { PrivateMounts } from './private-mounts.js'
import { runOnce } from './run-once.js'
import type { Exercise } from './schema.js'
import { asUser, GraderError, switchUser, type SwitchedUser } from './user.js'
import { fillWorkspace, hiddenFrom, makeWorkspace } from './workspace.js'

/** A lab build that failed: the error every exercise gets, and the build's output for the notes. */
export interface BuildFailure {
  readonly error: string
  readonly notes: string[]
}

/** A submission after the lab's build: the folder runs copy (null: the submission itself), or why it failed. */
export interface BuiltSubmission {
  readonly dir: string | null
  readonly failure: BuildFailure | null
  /** Removes the built copy. */
  remove(): void
}

/**
 * Runs the lab's `build` once for a submission, contained exactly as its exercises' runs are (same
 * user, pids and memory cgroups, private files, no network), in a copy of the submission with the
 * lab's files in it. Each exercise's runs then copy the built folder. A build that fails (exit
 * status, time limit) fails every exercise, with the build's output in the notes.
 */
export async function buildSubmission(
  lab: LoadedLab,
  submission: string,
  options: GradeOptions,
  plan: GradingPlan,
): Promise<BuiltSubmission> {
  const build = lab.build
  if (!build) return { dir: null, failure: null, remove: () => {} }
  const workspace = makeWorkspace('build')
  const { base, work, remove } = workspace
  const built = join(base, 'built')
  const user = plan.user === null ? null : switchUser(plan.user)
  try {
    fillWorkspace(workspace, lab, { source: submission, limits: submissionLimits(lab), mode: 0o711, helper: 'c', user })
    // What the build made, unpacked as its user: no one else may read it.
    mkdirSync(built, { mode: 0o700 })
    const limits = buildLimits(lab, build)
    const { hide, visible } = hiddenFrom(lab, submission, options.hide)
    const exercise: Exercise = { id: 'build', file: build.run, checks: [] }
    let collected = false
    let dir = work
    const outcome = await runOnce(exercise, limits, base, { plan, user, hide, visible, cgroup: options.cgroup }, plan, {
      program: ['/bin/sh', '-c', build.run],
      // Private files live in the run's own tmpfs, gone with its namespace: take them out first.
      collect: async (mounts) => {
        if (mounts === null) collected = true
        else {
          dir = built
          collected = await copyOutOfNamespace(mounts, built, limits.maxDisk, limits.timeout, user)
        }
      },
    })
    const { report } = outcome
    const why = report.timedOut
      ? `did not finish within ${limits.timeout} ms`
      : report.exit.code !== 0
        ? report.exit.signal
          ? `was killed by ${report.exit.signal}`
          : `failed with exit code ${report.exit.code}`
        : !collected
          ? 'finished, but its files could not be taken out of its private folder'
          : null
    if (why !== null) {
      return {
        dir: null,
        failure: {
          error: `the build (\`${build.run}\`) ${why}; nothing was graded`,
          notes: [`the build's output:\n${buildOutputTail(report.stdout, report.stderr)}`],
        },
        remove,
      }
    }
    return { dir, failure: null, remove }
  } catch (error) {
    remove()
    if (error instanceof GraderError) throw error
    return {
      dir: null,
      failure: {
        error: `the build (\`${build.run}\`) could not be run: ${(error as Error).message.split('\n')[0]}`,
        notes: [],
      },
      remove: () => {},
    }
  } finally {
    user?.release()
  }
}

/**
 * Copies the run's copy (the namespace's working folder) to `to`, through tar: packed as root
 * inside the namespace, unpacked as the run's user (when it has one), so that no link the build
 * made can have root write outside `to`. The two tars are piped, never waited for synchronously:
 * a slow or stuck copy holds up this submission only. More than `maxBytes` (twice, for tar's
 * headers, plus a MiB) or more than `timeout` ms, and the copy fails.
 */
async function copyOutOfNamespace(
  mounts: PrivateMounts,
  to: string,
  maxBytes: number,
  timeout: number,
  user: SwitchedUser | null,
): Promise<boolean> {
  if (user) lchownSync(to, user.uid, user.gid)
  const [command, ...args] = mounts.enter(['tar', '-cf', '-', '.'])
  const [unpack, ...unpackArgs] = user ? asUser(['tar', '-xf', '-', '-C', to], user) : ['tar', '-xf', '-', '-C', to]
  const packer = spawn(command!, args, { stdio: ['ignore', 'pipe', 'ignore'] })
  const unpacker = spawn(unpack!, unpackArgs, { stdio: ['pipe', 'ignore', 'ignore'] })
  const ended = (child: ChildProcess): Promise<boolean> =>
    once(child, 'close').then(
      ([code]) => code === 0,
      () => false,
    )
  const results = Promise.all([ended(packer), ended(unpacker)])
  let bytes = 0
  let tooMuch = false
  const stop = (): void => {
    packer.kill('SIGKILL')
    unpacker.kill('SIGKILL')
  }
  packer.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    if (bytes > maxBytes * 2 + 1024 * 1024 && !tooMuch) {
      tooMuch = true
      stop()
    }
  })
  packer.stdout.pipe(unpacker.stdin)
  // A reader gone (killed, or failed) leaves the writer's pipe broken: that is the copy failing, not the grader.
  unpacker.stdin.on('error', () => {})
  const timer = setTimeout(stop, timeout)
  try {
    const [packed, unpacked] = await results
    return packed && unpacked && !tooMuch
  } finally {
    clearTimeout(timer)
  }
}
