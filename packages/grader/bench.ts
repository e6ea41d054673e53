// Grading the example lab: wall time against the exercises' own run times, and N submissions in a row.
// node --conditions=@proclife/source --import tsx packages/grader/bench.ts [N]
import { fileURLToPath } from 'node:url'
import { gradeSubmission } from './src/index.js'

const lab = fileURLToPath(new URL('../../fixtures/labs/process-lifecycles', import.meta.url))
const submission = `${lab}/submissions/reference`
const n = Number(process.argv[2] ?? 5)

await gradeSubmission(lab, submission) // warm-up: compiles the sentinel, resolves python
const walls: number[] = []
let runs = 0
for (let i = 0; i < n; i++) {
  const started = performance.now()
  const result = await gradeSubmission(lab, submission)
  walls.push(performance.now() - started)
  runs += result.exercises.reduce((s, e) => s + e.durationMs, 0)
}
const wall = walls.reduce((a, b) => a + b, 0)
process.stderr.write(`${n} submissions of ${lab.split('/').at(-1)}, one after another\n`)
process.stderr.write(`wall per submission      ${(wall / n).toFixed(0)} ms\n`)
process.stderr.write(`runs per submission      ${(runs / n).toFixed(0)} ms (sum of the exercises' run times)\n`)
process.stderr.write(`overhead ratio           ${(wall / runs).toFixed(2)}\n`)
process.stderr.write(`all ${n}                   ${(wall / 1000).toFixed(1)} s\n`)
