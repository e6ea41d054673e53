import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { defaultConcurrency, gradeEach, type GradeManyOptions } from './batch.js'
import type { GradeResult } from './grade-types.js'
import { fieldPath, LabError, loadLab, type LoadedLab } from './load-lab.js'
import { compareRepetitions, type UnstableCheck } from './prove-compare.js'

/** What a wrong solution is expected to lose: `expect.yaml` next to it. */
const expectSchema = z.strictObject({
  /** Ids of the checks of its exercise that it must fail (all the others must pass). */
  fails: z.array(z.string().min(1)).min(1, 'a wrong solution fails at least one check'),
})

/** One solution of a lab, graded and compared with what it should score. */
export interface ProofCase {
  /** `reference`, or `<exercise>/<variant>` for `wrong/<exercise>/<variant>/`. */
  readonly name: string
  readonly dir: string
  /** The exercises graded: all for the reference, the variant's one for a wrong solution. */
  readonly exercises: readonly string[]
  /** Check ids (`<exercise>/<check>`) expected to fail, and those that did. */
  readonly expectedFails: readonly string[]
  readonly actualFails: readonly string[]
  readonly score: number | null
  readonly maxScore: number | null
  /** The solution scored as it should. */
  readonly ok: boolean
  /** Why the case could not be checked (no expect.yaml, an unknown exercise, …), else null. */
  readonly error: string | null
  /** The grade, when it was graded (for a report of what differed): of the first repetition not as expected, else of the first. */
  readonly result: GradeResult | null
  /** How many times it was graded ({@link ProveOptions.repeat}). */
  readonly runs: number
  /** Each repetition's score, in the order graded; empty when it could not be graded. */
  readonly scores: readonly number[]
  /** Checks whose outcome differed between repetitions (the case is then not `ok`). */
  readonly unstable: readonly UnstableCheck[]
}

/** Options of {@link proveLab}: those of `gradeSubmissions` but `only`, and two callbacks. */
export interface ProveOptions extends Omit<GradeManyOptions, 'only' | 'onSubmission'> {
  /**
   * Grade each solution this many times; one whose grade differs between repetitions is unstable,
   * naming the checks that differed. Default: the lab's `prove.repeat`, else 1.
   */
  readonly repeat?: number
  /** Called once the cases are known, with how many there are. */
  readonly onStart?: (cases: number) => void
  /** Called as each case is settled (in the order they finish). */
  readonly onCase?: (c: ProofCase) => void
}

/** The proof of a lab: every case, and whether all hold. */
export interface LabProof {
  readonly lab: string
  readonly ok: boolean
  readonly cases: readonly ProofCase[]
}

/**
 * Proves a lab the way its folder lays it out: `submissions/reference/` must score full marks,
 * and each `wrong/<exercise>/<variant>/` (one student file, and an `expect.yaml` saying
 * `fails: [<check id>, …]`) must fail exactly those checks of its exercise and pass the others.
 * Graded several at a time (`concurrency`, default {@link defaultConcurrency}). Throws
 * {@link LabError} for a lab that is not valid or has no reference solution, and
 * `GraderError` for a setup problem (a user, an interpreter).
 */
export async function proveLab(lab: string | LoadedLab, options: ProveOptions = {}): Promise<LabProof> {
  const loaded = typeof lab === 'string' ? loadLab(lab) : lab
  if (!loaded.dir)
    throw new LabError(`The lab "${loaded.lab}" was defined in code: proveLab needs its folder (defineLab(…, dir)).`)
  const reference = join(loaded.dir, 'submissions', 'reference')
  if (!existsSync(reference))
    throw new LabError(
      `No reference solution in ${reference}: prove grades the lab's own solution there first (every student file, right; it must score full marks). Put it there.`,
    )
  const checkIds = new Map(
    loaded.exercises.map((e) => [e.id, e.checks.map((c, i) => `${e.id}/${c.id ?? `check-${i + 1}`}`)]),
  )

  type Planned = { name: string; dir: string; exercises: string[]; expectedFails: string[]; error: string | null }
  const planned: Planned[] = [
    { name: 'reference', dir: reference, exercises: [...checkIds.keys()], expectedFails: [], error: null },
  ]
  const wrongRoot = join(loaded.dir, 'wrong')
  const folders = (dir: string): string[] =>
    readdirSync(dir)
      .filter((f) => !f.startsWith('.') && statSync(join(dir, f)).isDirectory())
      .sort()
  for (const exercise of existsSync(wrongRoot) ? folders(wrongRoot) : []) {
    for (const variant of folders(join(wrongRoot, exercise))) {
      const dir = join(wrongRoot, exercise, variant)
      const name = `${exercise}/${variant}`
      const plan: Planned = { name, dir, exercises: [exercise], expectedFails: [], error: null }
      planned.push(plan)
      const ids = checkIds.get(exercise)
      if (!ids) {
        plan.error = `wrong/${exercise} is not an exercise of the lab (${[...checkIds.keys()].join(', ')}): name the folder after the exercise its solutions are for`
        continue
      }
      const file = join(dir, 'expect.yaml')
      if (!existsSync(file)) {
        plan.error = `no expect.yaml in wrong/${name}: say which checks it fails (fails: [${ids[0]!.split('/')[1]}, …])`
        continue
      }
      let parsed
      try {
        parsed = expectSchema.safeParse(parse(readFileSync(file, 'utf8')))
      } catch (error) {
        plan.error = `wrong/${name}/expect.yaml is not valid YAML: ${(error as Error).message.split('\n')[0]}`
        continue
      }
      if (!parsed.success) {
        plan.error = `wrong/${name}/expect.yaml: ${parsed.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`).join('; ')}`
        continue
      }
      const unknown = parsed.data.fails.filter((f) => !ids.includes(`${exercise}/${f}`))
      if (unknown.length > 0) {
        plan.error = `wrong/${name}/expect.yaml names ${unknown.map((u) => `"${u}"`).join(', ')}, not a check of ${exercise} (${ids.map((i) => i.split('/')[1]).join(', ')})`
        continue
      }
      // In the lab's order, as a grade lists them.
      plan.expectedFails = ids.filter((id) => parsed.data.fails.includes(id.slice(exercise.length + 1)))
    }
  }

  const cases: ProofCase[] = []
  const { onCase, onStart, repeat = loaded.prove?.repeat ?? 1, ...gradeOptions } = options
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new TypeError(`repeat must be a whole number of at least 1; got ${repeat}`)
  onStart?.(planned.length)
  const finish = (c: ProofCase): void => {
    cases.push(c)
    onCase?.(c)
  }
  const ungraded = {
    actualFails: [],
    score: null,
    maxScore: null,
    ok: false,
    result: null,
    runs: repeat,
    scores: [],
    unstable: [],
  }
  for (const p of planned.filter((q) => q.error !== null)) finish({ ...p, ...ungraded })
  // The reference with every exercise, each wrong solution with its own, each `repeat` times;
  // several at a time, repetitions of one solution interleaved with the others'.
  const runnable = planned.filter((p) => p.error === null)
  const { concurrency = defaultConcurrency(), ...one } = gradeOptions
  const jobs = Array.from({ length: repeat }, () =>
    runnable.map((p, i) => ({ i, dir: p.dir, options: { ...one, only: p.exercises } })),
  ).flat()
  const graded = runnable.map(() => ({ results: [] as GradeResult[], error: null as string | null, left: repeat }))
  await gradeEach(loaded, jobs, concurrency, (outcome, index) => {
    const i = jobs[index]!.i
    const p = runnable[i]!
    const g = graded[i]!
    if (outcome.result) g.results.push(outcome.result)
    else g.error ??= outcome.error
    if (--g.left > 0) return
    if (g.error !== null) {
      finish({ ...p, ...ungraded, error: g.error })
      return
    }
    const compared = compareRepetitions(g.results, p.expectedFails)
    finish({
      ...p,
      ...compared,
      score: compared.result.score,
      maxScore: compared.result.maxScore,
      error: null,
      runs: repeat,
    })
  })
  const order = new Map(planned.map((p, i) => [p.name, i]))
  cases.sort((a, b) => order.get(a.name)! - order.get(b.name)!)
  return { lab: loaded.lab, ok: cases.every((c) => c.ok), cases }
}
