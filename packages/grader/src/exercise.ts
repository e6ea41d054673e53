import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { TerminalUnavailableError } from '@proclife/runner'
import type { BuildFailure } from './build.js'
import { describeCheck, evaluateCheck, type CheckOutcome } from './checks.js'
import { submissionLimits, unbounded } from './copy-submission.js'
import type { CheckResult, ExerciseResult, GradeOptions } from './grade-types.js'
import { exerciseLimits, round } from './limits.js'
import type { LoadedLab } from './load-lab.js'
import { painter } from './pictures.js'
import { kindOfExercise, type GradingPlan } from './plan.js'
import { runOnce, type RunOutcome } from './run-once.js'
import type { Exercise } from './schema.js'
import { GraderError, switchUser } from './user.js'
import { fillWorkspace, hiddenFrom, makeWorkspace } from './workspace.js'

function checkId(exercise: Exercise, index: number): string {
  return `${exercise.id}/${exercise.checks[index]!.id ?? `check-${index + 1}`}`
}

/**
 * Grades one exercise: runs it `repeat` times (each run in a fresh copy), then scores each check
 * over every run (a check passes when it passed in all of them). `source`: the folder each run
 * copies (the submission, or its built copy); `buildFailure`: the lab's build failed, and every
 * check of the exercise fails with it; `submission`: the student's own folder, the one messages name.
 */
export async function gradeExercise(
  lab: LoadedLab,
  exercise: Exercise,
  source: string,
  options: GradeOptions,
  plan: GradingPlan,
  buildFailure: BuildFailure | null = null,
  submission = source,
): Promise<ExerciseResult> {
  const limits = exerciseLimits(lab, exercise)
  const repeat = exercise.repeat ?? lab.defaults?.repeat ?? 1
  const maxScore = round(exercise.checks.reduce((s, c) => s + c.points, 0))
  const base = { id: exercise.id, title: exercise.title ?? exercise.id, file: exercise.file, maxScore }
  const fail = (error: string, notes: string[] = []): ExerciseResult => ({
    ...base,
    score: 0,
    error,
    notes,
    runs: 0,
    runIds: [],
    durationMs: 0,
    stdout: '',
    stderr: '',
    checks: exercise.checks.map((c, i) => ({
      id: checkId(exercise, i),
      name: describeCheck(c),
      points: 0,
      maxPoints: c.points,
      passed: false,
      feedback: c.feedback ?? null,
      detail: error,
      failedRun: null,
      picture: null,
      timeline: null,
      svg: null,
    })),
  })
  if (buildFailure) return fail(buildFailure.error, buildFailure.notes)
  if (!existsSync(join(source, exercise.file)))
    return fail(`${exercise.file} is not in the submission${lab.build ? ' after the build' : ''}`)

  const outcomes: RunOutcome[] = []
  const kind = kindOfExercise(exercise)
  for (let i = 0; i < repeat; i++) {
    // A fresh copy of the submission for every run (`work`), nothing a run writes reaches the
    // next; `sock` holds the run's checkpoint socket (the runner's `runDir`); `area` is where the run's
    // tmpfs is made before it is moved over /tmp (see private-mounts.ts).
    const workspace = makeWorkspace('grade')
    const user = plan.user === null ? null : switchUser(plan.user)
    try {
      // With private files the run reaches its copy through its own tmpfs, never through `base`:
      // nobody but root may enter it. Without, the run's user must pass through it.
      fillWorkspace(workspace, lab, {
        source,
        limits: source === submission ? submissionLimits(lab) : unbounded,
        mode: plan.mounts.ok ? 0o700 : 0o711,
        helper: kind === 'node' || kind === 'python' ? kind : null,
        user,
      })
      const { hide, visible } = hiddenFrom(lab, source, options.hide)
      outcomes.push(
        await runOnce(exercise, limits, workspace.base, { plan, user, hide, visible, cgroup: options.cgroup }, plan, {
          terminal: exercise.terminal ?? lab.terminal ?? false,
        }),
      )
    } catch (error) {
      if (error instanceof GraderError) throw error
      if (error instanceof TerminalUnavailableError)
        return fail(`this exercise needs a terminal, and none can be had here: ${error.reason}`)
      // The run's copy is deleted by now: name the student's own file (`chmod +x` on it is the fix).
      return fail(
        `could not run ${exercise.file}: ${(error as Error).message.split('\n')[0]!.split(workspace.work).join(submission)}`,
      )
    } finally {
      user?.release()
      workspace.remove()
    }
  }

  const checks = scoreChecks(exercise, outcomes, repeat)
  const notes = [
    ...new Set(
      outcomes.flatMap((o, i) =>
        o.notes.map((n) =>
          repeat > 1 && !n.startsWith('contained') && !n.startsWith('interpreter') ? `run ${i + 1}: ${n}` : n,
        ),
      ),
    ),
  ]
  return {
    ...base,
    score: round(checks.reduce((s, c) => s + c.points, 0)),
    checks,
    notes,
    error: null,
    runs: outcomes.length,
    runIds: outcomes.map((o) => o.report.runId),
    durationMs: Math.round(outcomes.reduce((s, o) => s + o.report.durationMs, 0)),
    stdout: outcomes[0]?.report.stdout ?? '',
    stderr: outcomes[0]?.report.stderr ?? '',
  }
}

/** Each check over every run: its points when it held in all of them; else the first run that failed it, drawn. */
function scoreChecks(exercise: Exercise, outcomes: readonly RunOutcome[], repeat: number): CheckResult[] {
  const paint = painter()
  return exercise.checks.map((check, index): CheckResult => {
    let failed: { run: number; outcome: CheckOutcome; report: RunOutcome['report'] } | null = null
    let last: CheckOutcome | null = null
    for (const [run, o] of outcomes.entries()) {
      const outcome = evaluateCheck(check, o.report, o.observed)
      last = outcome
      if (!outcome.passed && failed === null) failed = { run: run + 1, outcome, report: o.report }
    }
    const pictures = failed ? paint(exercise, check, failed.outcome, failed.report) : null
    return {
      id: checkId(exercise, index),
      name: describeCheck(check),
      points: failed ? 0 : check.points,
      maxPoints: check.points,
      passed: failed === null,
      feedback: check.feedback ?? null,
      detail: failed
        ? `${repeat > 1 ? `run ${failed.run} of ${repeat}: ` : ''}${failed.outcome.detail}`
        : (last?.detail ?? ''),
      failedRun: failed ? failed.run : null,
      picture: pictures?.picture ?? null,
      timeline: pictures?.timeline ?? null,
      svg: pictures?.svg ?? null,
    }
  })
}
