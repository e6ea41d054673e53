/*
 * Grading one submission, as a pipeline of small parts (docs/architecture.md#the-grader):
 *
 *   survey ─► plan ─► build (build.ts) ─► for each exercise (exercise.ts):
 *     for each repetition: workspace (workspace.ts) ─► sandbox (sandbox.ts) ─► fixture run,
 *       driven by its script (script.ts) ─► notes (sandbox, stderr-notes.ts)
 *     ─► every check scored over the runs (checks.ts, the registry), failures drawn (pictures.ts)
 *
 * A batch (batch.ts) runs this for many submissions at once on one event loop: no part of it
 * waits synchronously on a process (probes, cgroup clean-up and copies are asynchronous).
 */
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { buildSubmission } from './build.js'
import { submissionLimits, surveySubmission } from './copy-submission.js'
import { gradeExercise } from './exercise.js'
import type { ExerciseResult, GradeOptions, GradeResult } from './grade-types.js'
import { round } from './limits.js'
import { loadLab, type LoadedLab } from './load-lab.js'
import { planGrading } from './plan.js'
import { GraderError } from './user.js'

export type { CheckResult, ExerciseResult, GradeOptions, GradeResult } from './grade-types.js'
export { defaultLimits, type ResolvedLimits } from './limits.js'

/** Runs every exercise of a lab against a submission folder and grades it. Never throws for what the submission does. */
export async function gradeSubmission(
  lab: string | LoadedLab,
  submissionDir: string,
  options: GradeOptions = {},
): Promise<GradeResult> {
  const loaded = typeof lab === 'string' ? loadLab(lab) : lab
  const submission = resolve(submissionDir)
  if (!existsSync(submission) || !statSync(submission).isDirectory())
    throw new GraderError(`No submission folder at ${submission}.`, true)
  const started = performance.now()
  // Too big, too many files, a pipe, a hard link out: refused before anything is copied.
  surveySubmission(submission, submissionLimits(loaded))
  const plan = await planGrading(loaded, options)
  const exercises: ExerciseResult[] = []
  const built = await buildSubmission(loaded, submission, options, plan)
  try {
    for (const exercise of loaded.exercises) {
      if (options.only && !options.only.includes(exercise.id)) continue
      const result = await gradeExercise(
        loaded,
        exercise,
        built.dir ?? submission,
        options,
        plan,
        built.failure,
        submission,
      )
      options.onExercise?.(result)
      exercises.push(result)
    }
  } finally {
    built.remove()
  }
  return {
    schema: 'proclife.grade/v1',
    lab: loaded.lab,
    title: loaded.title ?? loaded.lab,
    submission,
    score: round(exercises.reduce((s, e) => s + e.score, 0)),
    maxScore: round(exercises.reduce((s, e) => s + e.maxScore, 0)),
    exercises,
    durationMs: Math.round(performance.now() - started),
  }
}
