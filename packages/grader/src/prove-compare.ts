import type { GradeResult } from './grade.js'

/** A check whose outcome was not the same in every repetition of a solution's grade. */
export interface UnstableCheck {
  /** `<exercise>/<check>`. */
  readonly id: string
  /** In how many of the repetitions it failed (the others passed). */
  readonly failedIn: number
}

/** How a solution's repeated grades compare with what it should fail. */
export interface Comparison {
  /** The checks that failed, in the lab's order: of the first repetition that is not as expected, else of the first. */
  readonly actualFails: readonly string[]
  /** That repetition's grade. */
  readonly result: GradeResult
  /** Each repetition's score, in the order graded. */
  readonly scores: readonly number[]
  /** Checks that failed in some repetitions and passed in others; empty when every grade was the same. */
  readonly unstable: readonly UnstableCheck[]
  /** Every repetition failed exactly the expected checks. */
  readonly ok: boolean
}

const failsOf = (result: GradeResult): string[] =>
  result.exercises.flatMap((e) => e.checks.filter((c) => !c.passed).map((c) => c.id))

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i])

/**
 * Compares the grades of one solution (one per repetition, at least one) with the checks it should
 * fail. A check that failed in some repetitions and passed in others makes the solution unstable —
 * the grade a student gets for it would depend on the run — and so not as it should be, whatever
 * the single runs said.
 */
export function compareRepetitions(results: readonly GradeResult[], expectedFails: readonly string[]): Comparison {
  const fails = results.map(failsOf)
  const wrong = fails.findIndex((f) => !same(f, expectedFails))
  const shown = wrong >= 0 ? wrong : 0
  const ids = results[0]!.exercises.flatMap((e) => e.checks.map((c) => c.id))
  const unstable = ids
    .map((id) => ({ id, failedIn: fails.filter((f) => f.includes(id)).length }))
    .filter((u) => u.failedIn > 0 && u.failedIn < results.length)
  return {
    actualFails: fails[shown]!,
    result: results[shown]!,
    scores: results.map((r) => r.score),
    unstable,
    ok: wrong < 0,
  }
}
