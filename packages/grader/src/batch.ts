import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { gradeSubmission } from './grade.js'
import type { GradeOptions, GradeResult } from './grade-types.js'
import { loadLab, type LoadedLab } from './load-lab.js'
import { planGrading } from './plan.js'
import { GraderError } from './user.js'

/** Options of {@link gradeSubmissions}. */
export interface GradeManyOptions extends Omit<GradeOptions, 'onExercise'> {
  /**
   * How many submissions are graded at once. Default: {@link defaultConcurrency} — the runs mostly
   * wait on their programs, so twice the CPUs keeps the machine busy without starving a run.
   */
  readonly concurrency?: number
  /** Called when a submission has been graded (in the order they finish), or could not be. */
  readonly onSubmission?: (outcome: SubmissionOutcome, index: number) => void
}

/** One submission of a batch: its grade, or why it could not be graded (e.g. not a folder). */
export type SubmissionOutcome =
  | { readonly submission: string; readonly result: GradeResult; readonly error: null }
  | { readonly submission: string; readonly result: null; readonly error: string }

/**
 * How many submissions {@link gradeSubmissions} grades at once by default: twice the CPUs the
 * process may use, at least 2. An exercise's runs spend most of their time waiting (on a
 * checkpoint, a step, the settle period), so more than one per CPU keeps the machine busy; the
 * bench (`bench/grader.ts`) checks that every grade at this concurrency is the one graded alone.
 */
export function defaultConcurrency(): number {
  return Math.max(2, availableParallelism() * 2)
}

/**
 * Grades many submissions against one lab, several at a time; resolves with one outcome per
 * submission, in the order given. A submission that cannot be graded (a missing folder) gets an
 * error instead of a result; the batch goes on. A problem of the setup that would fail every
 * submission alike (a {@link GraderError} such as a user the grader cannot switch to) rejects.
 * Each submission's exercises run one after another, exactly as {@link gradeSubmission} runs them.
 */
export async function gradeSubmissions(
  lab: string | LoadedLab,
  submissions: readonly string[],
  options: GradeManyOptions = {},
): Promise<SubmissionOutcome[]> {
  const loaded = typeof lab === 'string' ? loadLab(lab) : lab
  const concurrency = options.concurrency ?? defaultConcurrency()
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TypeError(`concurrency must be a whole number of at least 1; got ${concurrency}`)
  const { concurrency: _c, onSubmission, ...rest } = options
  // Probed before the batch: a setup problem stops it before the first run, not in every one.
  await planGrading(loaded, rest)
  // No run sees another submission of the batch.
  const one = { ...rest, hide: [...(rest.hide ?? []), ...submissions.map((s) => resolve(s))] }
  const outcomes: SubmissionOutcome[] = new Array(submissions.length)
  await gradeEach(
    loaded,
    submissions.map((s) => ({ dir: s, options: one })),
    concurrency,
    (outcome, index) => {
      outcomes[index] = outcome
      onSubmission?.(outcome, index)
    },
  )
  return outcomes
}

/**
 * Grades each job (a folder and its options) by {@link gradeSubmission}, `concurrency` at a time,
 * and hands over each outcome as it comes. A setup problem that would fail every job alike (a
 * {@link GraderError} not of one submission) starts no more jobs, and is thrown once the running
 * ones have ended.
 */
export async function gradeEach(
  lab: LoadedLab,
  jobs: readonly { dir: string; options: GradeOptions }[],
  concurrency: number,
  done: (outcome: SubmissionOutcome, index: number) => void,
): Promise<void> {
  let next = 0
  let setupError: unknown = null
  const worker = async (): Promise<void> => {
    while (next < jobs.length && setupError === null) {
      const index = next++
      const submission = resolve(jobs[index]!.dir)
      let outcome: SubmissionOutcome
      try {
        outcome = { submission, result: await gradeSubmission(lab, submission, jobs[index]!.options), error: null }
      } catch (error) {
        if (error instanceof GraderError && !error.ofSubmission) {
          setupError ??= error
          return
        }
        outcome = { submission, result: null, error: (error as Error).message.split('\n')[0]! }
      }
      done(outcome, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker))
  if (setupError !== null) throw setupError
}
