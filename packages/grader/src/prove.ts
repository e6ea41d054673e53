import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { defaultConcurrency, gradeEach, type GradeManyOptions, type GradeResult } from './grade.js'
import { fieldPath, LabError, loadLab, type LoadedLab } from './load-lab.js'

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
  /** The grade, when it was graded (for a report of what differed). */
  readonly result: GradeResult | null
}

/** Options of {@link proveLab}: those of `gradeSubmissions` but `only`, and two callbacks. */
export interface ProveOptions extends Omit<GradeManyOptions, 'only' | 'onSubmission'> {
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
  if (!loaded.dir) throw new LabError(`The lab "${loaded.lab}" was defined in code: proveLab needs its folder (defineLab(…, dir)).`)
  const reference = join(loaded.dir, 'submissions', 'reference')
  if (!existsSync(reference)) throw new LabError(`No reference solution in ${reference}.`)
  const checkIds = new Map(loaded.exercises.map((e) => [e.id, e.checks.map((c, i) => `${e.id}/${c.id ?? `check-${i + 1}`}`)]))

  type Planned = { name: string; dir: string; exercises: string[]; expectedFails: string[]; error: string | null }
  const planned: Planned[] = [{ name: 'reference', dir: reference, exercises: [...checkIds.keys()], expectedFails: [], error: null }]
  const wrongRoot = join(loaded.dir, 'wrong')
  const folders = (dir: string): string[] => readdirSync(dir).filter((f) => !f.startsWith('.') && statSync(join(dir, f)).isDirectory()).sort()
  for (const exercise of existsSync(wrongRoot) ? folders(wrongRoot) : []) {
    for (const variant of folders(join(wrongRoot, exercise))) {
      const dir = join(wrongRoot, exercise, variant)
      const name = `${exercise}/${variant}`
      const plan: Planned = { name, dir, exercises: [exercise], expectedFails: [], error: null }
      planned.push(plan)
      const ids = checkIds.get(exercise)
      if (!ids) {
        plan.error = `wrong/${exercise} is not an exercise of the lab (${[...checkIds.keys()].join(', ')})`
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
  const { onCase, onStart, ...gradeOptions } = options
  onStart?.(planned.length)
  const finish = (c: ProofCase): void => { cases.push(c); onCase?.(c) }
  for (const p of planned.filter((q) => q.error !== null)) {
    finish({ ...p, actualFails: [], score: null, maxScore: null, ok: false, result: null })
  }
  // The reference with every exercise, each wrong solution with its own; several at a time.
  const runnable = planned.filter((p) => p.error === null)
  const { concurrency = defaultConcurrency(), ...one } = gradeOptions
  await gradeEach(loaded, runnable.map((p) => ({ dir: p.dir, options: { ...one, only: p.exercises } })), concurrency, (outcome, index) => {
    const p = runnable[index]!
    const result = outcome.result
    if (!result) {
      finish({ ...p, actualFails: [], score: null, maxScore: null, ok: false, error: outcome.error, result: null })
      return
    }
    const actualFails = result.exercises.flatMap((e) => e.checks.filter((c) => !c.passed).map((c) => c.id))
    const ok = actualFails.length === p.expectedFails.length && actualFails.every((f, j) => f === p.expectedFails[j])
    finish({ ...p, actualFails, score: result.score, maxScore: result.maxScore, ok, error: null, result })
  })
  const order = new Map(planned.map((p, i) => [p.name, i]))
  cases.sort((a, b) => order.get(a.name)! - order.get(b.name)!)
  return { lab: loaded.lab, ok: cases.every((c) => c.ok), cases }
}
