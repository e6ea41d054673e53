import type { SubmissionOutcome } from '../batch.js'
import type { CheckResult, GradeResult } from '../grade-types.js'
import { isTimeLimitNote } from '../run-notes.js'

/** One submission of a class, as the class report lists it. */
export interface ClassSubmission {
  /** What the teacher calls it: its folder's name. */
  readonly name: string
  /** Its score; `null` when it could not be graded (see `error`). */
  readonly score: number | null
  /** How long its grading ran, ms. */
  readonly durationMs: number
  /** The exercises whose run reached the time limit. */
  readonly timedOut: readonly string[]
  readonly error: string | null
}

/** A failure of a check, as one submission had it. */
export interface TypicalFailure {
  readonly submission: string
  /** What was seen, in words. */
  readonly detail: string
  /** The picture of that run, when there is one. */
  readonly svg: string | null
  /** How many of the failures read the same (numbers aside). */
  readonly alike: number
}

/** One check over the class. */
export interface ClassCheck {
  /** `<exercise>/<check>`. */
  readonly id: string
  /** What it checks, in words. */
  readonly name: string
  readonly maxPoints: number
  /** Submissions graded on it, and how many of them failed it. */
  readonly graded: number
  readonly failed: number
  /** The failure most submissions share (its words, numbers aside), with a picture; null when none failed. */
  readonly typical: TypicalFailure | null
  /** Submissions whose run passed the check and a later repetition failed it: its outcome depends on the run. */
  readonly unstableIn: readonly string[]
}

/** A class graded against one lab: what the class report shows. */
export interface ClassSummary {
  readonly lab: string
  readonly title: string
  readonly maxScore: number
  readonly submissions: readonly ClassSubmission[]
  /** Every check of the lab that was graded, most failed first. */
  readonly checks: readonly ClassCheck[]
}

/** A detail with its numbers (pids, times, sizes) taken out: two failures alike read alike. */
const shape = (detail: string): string => detail.replace(/\d+/g, '#')

function typicalOf(failures: readonly { submission: string; check: CheckResult }[]): TypicalFailure | null {
  if (failures.length === 0) return null
  const groups = new Map<string, { submission: string; check: CheckResult }[]>()
  for (const f of failures) groups.set(shape(f.check.detail), [...(groups.get(shape(f.check.detail)) ?? []), f])
  // The largest group; of it, a failure with a picture if any has one.
  const largest = [...groups.values()].reduce((a, b) => (b.length > a.length ? b : a))
  const shown = largest.find((f) => f.check.svg !== null) ?? largest[0]!
  return { submission: shown.submission, detail: shown.check.detail, svg: shown.check.svg, alike: largest.length }
}

/**
 * What a class's grades add up to: each submission's score, time and time-outs; each check's
 * failure rate with the failure most submissions share; the checks whose outcome changed between
 * repetitions of one submission's runs. `names` are the submissions' names in the order of
 * `outcomes` (default: their folders' names).
 */
export function summarizeClass(
  lab: { readonly lab: string; readonly title?: string | undefined },
  outcomes: readonly SubmissionOutcome[],
  names: readonly string[] = outcomes.map((o) => o.submission.split('/').pop() ?? o.submission),
): ClassSummary {
  const graded = outcomes.flatMap((o, i) => (o.result ? [{ name: names[i]!, result: o.result }] : []))
  const first: GradeResult | undefined = graded[0]?.result
  const submissions = outcomes.map((o, i): ClassSubmission => ({
    name: names[i]!,
    score: o.result?.score ?? null,
    durationMs: o.result?.durationMs ?? 0,
    timedOut: o.result?.exercises.filter((e) => e.notes.some(isTimeLimitNote)).map((e) => e.id) ?? [],
    error: o.error,
  }))
  const byId = new Map<
    string,
    {
      name: string
      maxPoints: number
      graded: number
      failures: { submission: string; check: CheckResult }[]
      unstableIn: string[]
    }
  >()
  for (const { name, result } of graded) {
    for (const exercise of result.exercises) {
      // An exercise that could not run says nothing about its checks.
      if (exercise.error !== null) continue
      for (const check of exercise.checks) {
        const entry = byId.get(check.id) ?? {
          name: check.name,
          maxPoints: check.maxPoints,
          graded: 0,
          failures: [],
          unstableIn: [],
        }
        byId.set(check.id, entry)
        entry.graded++
        if (!check.passed) entry.failures.push({ submission: name, check })
        if (check.failedRun !== null && check.failedRun > 1) entry.unstableIn.push(name)
      }
    }
  }
  const checks = [...byId].map(([id, e]): ClassCheck => ({
    id,
    name: e.name,
    maxPoints: e.maxPoints,
    graded: e.graded,
    failed: e.failures.length,
    typical: typicalOf(e.failures),
    unstableIn: e.unstableIn,
  }))
  checks.sort((a, b) => b.failed / b.graded - a.failed / a.graded)
  return { lab: lab.lab, title: lab.title ?? lab.lab, maxScore: first?.maxScore ?? 0, submissions, checks }
}
