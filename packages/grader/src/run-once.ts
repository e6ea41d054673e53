import { join } from 'node:path'
import { resolveOptions, resolveTarget, startFixture, type FixtureRun, type RunReport } from '@proclife/runner'
import type { Observed } from './checks.js'
import type { ResolvedLimits } from './limits.js'
import { kindOfExercise, type GradingPlan } from './plan.js'
import type { PrivateMounts } from './private-mounts.js'
import { openSandbox, type SandboxSpec } from './sandbox.js'
import type { Exercise } from './schema.js'
import { runScript, scriptNeeds } from './script.js'
import { endNotes, resourceNotes } from './stderr-notes.js'

/** One run of an exercise, driven by its steps. */
export interface RunOutcome {
  readonly report: RunReport
  readonly observed: Observed
  readonly notes: string[]
}

/** What a contained run may do besides running the exercise's own target. */
export interface RunExtras {
  /** Run this command instead of the exercise's file (the lab's build). */
  readonly program?: readonly string[]
  /** Called after the run, before its private files are thrown away, with the namespace (or null). */
  readonly collect?: (mounts: PrivateMounts | null) => void | Promise<void>
  /** Give the program a pseudo-terminal (the exercise's or the lab's `terminal`). */
  readonly terminal?: boolean
}

/**
 * Runs an exercise once in the run's folder `base` (its copy in `base/work`): its program in a
 * sandbox, driven by its script; the notes say how it was contained and how it went.
 */
export async function runOnce(
  exercise: Exercise,
  limits: ResolvedLimits,
  base: string,
  spec: Omit<SandboxSpec, 'limits' | 'base'>,
  plan: GradingPlan,
  extras: RunExtras = {},
): Promise<RunOutcome> {
  const work = join(base, 'work')
  const kind = kindOfExercise(exercise)
  // The interpreter was chosen before the grade (planGrading), in the lab's folder (not in the
  // submission, whose files could otherwise choose it through a version manager), as the runs' user.
  const chosen = kind ? plan.interpreters.get(kind) : undefined
  const args = exercise.args ?? []
  const program = extras.program
    ? [...extras.program]
    : chosen
      ? [chosen.path, join(work, exercise.file), ...args]
      : [...(await resolveTarget(exercise.file, resolveOptions({ cwd: work }))).argv, ...args]

  const sandbox = await openSandbox(program, { ...spec, limits, base })
  const notes = [sandbox.note, ...(chosen?.note ? [`interpreter: ${chosen.note}`] : [])]
  try {
    const steps = exercise.steps ?? []
    let run: FixtureRun
    try {
      run = await startFixture(sandbox.argv, {
        cwd: sandbox.cwd,
        runDir: join(base, 'sock'),
        timeout: limits.timeout,
        settle: limits.settle,
        maxOutput: limits.maxOutput,
        stopAtOutputLimit: true,
        overlapMargin: limits.overlapMargin,
        ...scriptNeeds(steps),
        releaseOnRootExit: true,
        terminal: extras.terminal === true,
        // Everything before the program is containment: the report names the program without it.
        wrapper: sandbox.wrapper,
        ...(spec.user ? { fixtureUid: spec.user.uid } : {}),
        env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
      })
    } catch (error) {
      await sandbox.discard()
      throw error
    }
    sandbox.watch(run)
    const script = await runScript(run, steps, limits.timeout)
    let report: RunReport
    try {
      report = await run.done
    } catch (error) {
      // The run itself failed (its sentinel was lost): nothing of it may stay, not even its cgroups.
      await sandbox.discard()
      throw error
    }
    const after = await sandbox.finish(report)
    notes.push(
      ...script.problems,
      ...after.cgroups,
      ...resourceNotes(report, limits),
      ...after.overLimit,
      ...after.escaped,
      ...endNotes(report, limits),
    )
    await extras.collect?.(sandbox.mounts)
    return { report, observed: { zombiesAtRelease: script.zombiesAtRelease }, notes }
  } finally {
    sandbox.close()
  }
}
