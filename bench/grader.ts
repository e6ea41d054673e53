// Grading the example lab (fixtures/labs/process-lifecycles):
//  1. one submission: wall time against the sum of the exercises' own run times (the harness's
//     overhead as a ratio);
//  2. a class of N submissions (default 50: the reference and every wrong solution, in turn),
//     graded one after another (the baseline) and then with the concurrency the grader picks;
//     every grade of the concurrent batch must equal the grade of the same submission graded alone.
//
//  Also, as root: one submission with a user and a mount namespace of its own per run (the
//  default) against the same as root with no private files (what the default was before),
//  interleaved, as a ratio. `--one` stops after the one-submission figures.
//
//   node --conditions=@proclife/source --import tsx bench/grader.ts [N] [--concurrency a,b,...] [--one]
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultConcurrency, gradeSubmission, gradeSubmissions, loadLab, type GradeResult } from '@proclife/grader'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { concurrency: { type: 'string' }, one: { type: 'boolean' } },
})
const n = Number(positionals[0] ?? 50)
const levels = values.concurrency ? values.concurrency.split(',').map(Number) : [defaultConcurrency()]
const lab = loadLab(fileURLToPath(new URL('../fixtures/labs/process-lifecycles', import.meta.url)))
const reference = join(lab.dir!, 'submissions', 'reference')

// The class: kind i is the reference with one exercise's file replaced by a wrong solution.
const kinds: { name: string; dir: string }[] = [{ name: 'reference', dir: reference }]
const classDir = mkdtempSync(join(tmpdir(), 'proclife-bench-class-'))
for (const exercise of readdirSync(join(lab.dir!, 'wrong'))) {
  for (const variant of readdirSync(join(lab.dir!, 'wrong', exercise))) {
    const dir = join(classDir, 'kinds', `${exercise}--${variant}`)
    cpSync(reference, dir, { recursive: true })
    cpSync(join(lab.dir!, 'wrong', exercise, variant), dir, { recursive: true })
    kinds.push({ name: `${exercise}/${variant}`, dir })
  }
}
const students = Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!)

const checksOf = (r: GradeResult): string =>
  r.exercises.flatMap((e) => e.checks.map((c) => `${c.id}:${c.passed ? 1 : 0}`)).join(' ')
const say = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

try {
  await gradeSubmission(lab, reference) // warm-up: compiles the sentinel, resolves python

  // 1. One submission: the harness's overhead.
  const one: { wall: number; runs: number }[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const result = await gradeSubmission(lab, reference)
    one.push({ wall: performance.now() - started, runs: result.exercises.reduce((s, e) => s + e.durationMs, 0) })
  }
  const wall1 = one.reduce((s, o) => s + o.wall, 0) / one.length
  const runs1 = one.reduce((s, o) => s + o.runs, 0) / one.length
  say(`one submission of ${lab.lab} (${lab.exercises.length} exercises, reference solution, mean of 5)`)
  say(`  wall                   ${wall1.toFixed(0)} ms`)
  say(`  exercises' own runs    ${runs1.toFixed(0)} ms`)
  say(`  overhead ratio         ${(wall1 / runs1).toFixed(2)}`)

  // 1b. The price of the private files and the user of its own (root only).
  if (process.getuid?.() === 0) {
    const contained: number[] = []
    const bare: number[] = []
    for (let i = 0; i < 5; i++) {
      let t = performance.now()
      await gradeSubmission(lab, reference)
      contained.push(performance.now() - t)
      t = performance.now()
      await gradeSubmission(lab, reference, { user: 'root', privateFiles: false })
      bare.push(performance.now() - t)
    }
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
    say(`  as root, no private files (the old default)    ${mean(bare).toFixed(0)} ms`)
    say(
      `  a user and a mount namespace of its own per run ${mean(contained).toFixed(0)} ms  ratio ${(mean(contained) / mean(bare)).toFixed(2)}  (${lab.exercises.length} exercises, mean of 5, interleaved)`,
    )
  }
  if (values.one) {
    rmSync(classDir, { recursive: true, force: true })
    process.exit(0)
  }

  // 2. The class, one after another: the baseline, and each kind's grade alone.
  const alone = new Map<string, string>()
  let started = performance.now()
  const sequential = await gradeSubmissions(
    lab,
    students.map((s) => s.dir),
    { concurrency: 1 },
  )
  const wallSeq = performance.now() - started
  sequential.forEach((o, i) => {
    if (o.result && !alone.has(students[i]!.name)) alone.set(students[i]!.name, checksOf(o.result))
  })
  say(
    `\n${n} submissions (${kinds.length} kinds: the reference and each wrong solution), ${availableParallelism()} CPUs`,
  )
  say(`  one after another      ${(wallSeq / 1000).toFixed(1)} s  (${(wallSeq / n).toFixed(0)} ms per submission)`)

  // 3. The class, concurrently.
  for (const concurrency of levels) {
    started = performance.now()
    const batch = await gradeSubmissions(
      lab,
      students.map((s) => s.dir),
      { concurrency },
    )
    const wall = performance.now() - started
    const differ = batch.flatMap((o, i) => {
      const name = students[i]!.name
      if (!o.result) return [`${name}: ${o.error}`]
      if (checksOf(o.result) === alone.get(name)) return []
      const was = new Set(alone.get(name)!.split(' '))
      const now = checksOf(o.result)
        .split(' ')
        .filter((c) => !was.has(c))
      const why = o.result.exercises
        .flatMap((e) => e.checks)
        .filter((c) => now.includes(`${c.id}:${c.passed ? 1 : 0}`))
        .map((c) => `${c.id} ${c.passed ? 'passed' : `failed: ${c.detail}`}`)
      return [`${name}: ${why.join('; ')} (alone: the other way)`]
    })
    say(
      `  ${concurrency} at once${concurrency === defaultConcurrency() ? ' (default)' : ''}`.padEnd(25) +
        `${(wall / 1000).toFixed(1)} s  speed-up ×${(wallSeq / wall).toFixed(2)}  load ${loadavg()[0]!.toFixed(1)}`,
    )
    say(`    grades equal to grading alone: ${n - differ.length}/${n}`)
    for (const d of differ) say(`    DIFFERS ${d}`)
    if (differ.length > 0) process.exitCode = 1
  }
} finally {
  rmSync(classDir, { recursive: true, force: true })
}
