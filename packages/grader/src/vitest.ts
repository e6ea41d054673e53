/**
 * Vitest test-file mode: a lab written inside a vitest test file, one vitest test per check.
 *
 * ```ts
 * import { loadLab } from '@proclife/grader'
 * import { describeLab } from '@proclife/grader/vitest'
 *
 * describeLab(loadLab('lab'), { submission: process.env.SUBMISSION ?? 'submission' })
 * ```
 *
 * @module
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { describeCheck } from './checks.js'
import { terminateProcesses } from '@proclife/proctable'
import { processesWithToken } from './contain.js'
import { explainFailure } from './formats.js'
import { defaultLimits, gradeSubmission, type CheckResult, type ExerciseResult, type GradeOptions } from './grade.js'
import { LabError, loadLab, type LoadedLab } from './load-lab.js'
import type { Exercise } from './schema.js'

declare module 'vitest' {
  /** What {@link describeLab} records on each test it generates, for reporters to total. */
  interface TaskMeta {
    /** Points the check scored: its points when it passed, else 0. */
    points?: number
    /** Points the check is worth. */
    maxPoints?: number
    /** The check's id in every result format: `<exercise>/<check>`. */
    check?: string
  }
}

/** Options of {@link describeLab}. */
export interface DescribeLabOptions {
  /**
   * The submission folder (the student's files). A relative path is resolved from the current
   * directory, which under vitest is the project's root.
   */
  readonly submission: string
  /** Only these exercises (by id); an id the lab does not have is an error. */
  readonly only?: readonly string[]
  /** Interpreter commands per kind, as for {@link gradeSubmission}. */
  readonly interpreters?: GradeOptions['interpreters']
  /** `false`: no pids cgroup, watch the live process count instead (see {@link GradeOptions}). */
  readonly cgroup?: boolean
  /** Run the programs as another user, as {@link GradeOptions} `user` (`'auto'`: a uid of its own per run). */
  readonly user?: GradeOptions['user']
}

/** Beyond the runs' own limits: resolving the interpreter, copying the submission, the cgroup, killing. */
const marginPerRun = 5000
const marginPerExercise = 10_000

/**
 * How long grading one exercise may take before vitest gives up on its `beforeAll`: every run
 * may use its whole time limit and settle period, plus a margin.
 */
function exerciseHookTimeout(lab: LoadedLab, exercise: Exercise): number {
  const timeout = exercise.limits?.timeout ?? lab.defaults?.timeout ?? defaultLimits.timeout
  const settle = exercise.limits?.settle ?? lab.defaults?.settle ?? defaultLimits.settle
  const repeat = exercise.repeat ?? lab.defaults?.repeat ?? 1
  return repeat * (timeout + settle + marginPerRun) + marginPerExercise
}

/** An error whose message says it all: no stack frames of the grader in the test's report. */
function failure(name: string, message: string): Error {
  const error = new Error(message)
  error.name = name
  error.stack = `${name}: ${message}`
  return error
}

/** What a failed check's test reports: what was seen, the hint, the tree, the timeline, the notes. */
function failureMessage(exercise: ExerciseResult, check: CheckResult): string {
  const notes =
    exercise.notes.length > 0
      ? `\nnotes:\n${exercise.notes.map((n) => `  · ${n.replace(/\n/g, '\n    ')}`).join('\n')}`
      : ''
  return `${explainFailure(check)}${notes}`
}

/**
 * Declares a lab as vitest tests: `describe(<lab title>)`, in it one `describe(<exercise title>)`
 * per exercise (those in `only`, if given), in each one `it(<check>)` per check, named as the
 * check is described in every report (`root.1 is reaped by its parent`).
 *
 * Each exercise is graded once, in a `beforeAll` of its `describe`, by {@link gradeSubmission}
 * (with a hook timeout from the exercise's limits: time limit and settle period × repeat, plus a
 * margin). A check's test then passes or fails with the check; a failure's message is the check's
 * detail, the lab's feedback, the process tree and the timeline of the failed run, and the
 * exercise's notes. When the exercise could not be run at all (its file is not in the submission,
 * no submission folder), every test of that exercise fails with the reason.
 *
 * Each test records `points`, `maxPoints` and `check` (the `<exercise>/<check>` id) in its
 * `task.meta`, which reporters see (the JSON reporter writes it as `meta`). An `afterAll` fails
 * the lab's suite if any process of any run is still alive (and kills it).
 *
 * Call it at the top level of a test file (or inside a `describe`). `lab` is a lab from
 * `defineLab` or {@link loadLab}, or the path of a lab folder. Throws {@link LabError} when
 * the lab is not valid or `only` names an exercise it does not have.
 */
export function describeLab(lab: string | LoadedLab, options: DescribeLabOptions): void {
  const loaded = typeof lab === 'string' ? loadLab(lab) : lab
  const known = loaded.exercises.map((e) => e.id)
  const unknown = (options.only ?? []).filter((id) => !known.includes(id))
  if (unknown.length > 0) {
    throw new LabError(
      `describeLab: the lab "${loaded.lab}" has no exercise ${unknown.map((id) => `"${id}"`).join(', ')}; it has ${known.join(', ')}.`,
    )
  }
  const exercises = loaded.exercises.filter((e) => options.only === undefined || options.only.includes(e.id))
  const runIds: string[] = []

  describe(loaded.title ?? loaded.lab, () => {
    for (const exercise of exercises) describeExercise(loaded, exercise, options, runIds)

    afterAll(async () => {
      const left = runIds.flatMap((runId) =>
        processesWithToken(runId).map((p) => ({ runId, pid: p.pid, startTicks: p.startTicks })),
      )
      await terminateProcesses(left, { killAfter: 0 })
      if (left.length > 0) {
        throw failure(
          'LeakError',
          `${left.length} process${left.length === 1 ? ' was' : 'es were'} still running after grading (killed now): ${left.map((l) => `${l.pid} (run ${l.runId})`).join(', ')}`,
        )
      }
    })
  })
}

function describeExercise(lab: LoadedLab, exercise: Exercise, options: DescribeLabOptions, runIds: string[]): void {
  describe(exercise.title ?? exercise.id, () => {
    // The exercise's result, or why it could not be graded at all.
    let graded: ExerciseResult | { readonly error: string } | undefined

    beforeAll(
      async () => {
        const gradeOptions: GradeOptions = {
          only: [exercise.id],
          ...(options.interpreters === undefined ? {} : { interpreters: options.interpreters }),
          ...(options.cgroup === undefined ? {} : { cgroup: options.cgroup }),
          ...(options.user === undefined ? {} : { user: options.user }),
        }
        try {
          const result = await gradeSubmission(lab, options.submission, gradeOptions)
          const [only] = result.exercises
          graded = only ?? { error: `the exercise "${exercise.id}" was not graded` }
          if (only) runIds.push(...only.runIds)
        } catch (error) {
          graded = { error: (error as Error).message }
        }
      },
      exerciseHookTimeout(lab, exercise),
    )

    exercise.checks.forEach((check, index) => {
      it(describeCheck(check), ({ task }) => {
        task.meta.check = `${exercise.id}/${check.id ?? `check-${index + 1}`}`
        task.meta.maxPoints = check.points
        task.meta.points = 0
        if (graded === undefined) throw failure('SubmissionError', `the exercise "${exercise.id}" was not graded`)
        if (!('checks' in graded)) throw failure('SubmissionError', graded.error)
        const result = graded.checks[index]
        if (result === undefined) throw failure('SubmissionError', `no result for ${task.meta.check}`)
        task.meta.check = result.id
        task.meta.points = result.points
        if (graded.error !== null) throw failure('SubmissionError', graded.error)
        if (!result.passed) throw failure('CheckFailed', failureMessage(graded, result))
      })
    })
  })
}
