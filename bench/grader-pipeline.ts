// The grader as a pipeline (docs/architecture.md#the-grader), against the grader it replaced,
// both measured in this run: the old grader's sources are taken from git (`--baseline`, default
// the last commit with the one-file grade.ts) into packages/grader/.bench-baseline/ and loaded
// beside the new one; the runner, report and proctable are this checkout's for both.
//
//  1. A batch of 8 submissions of the example lab (fixtures/labs/process-lifecycles: the reference
//     and wrong solutions) at 4 at once, old and new interleaved, `rounds` times each: wall time
//     as a ratio new / old, and the longest the event loop was held up (monitorEventLoopDelay).
//  2. The same batch size on a lab with a build, where one submission's build leaves 60 MiB that
//     must be copied out of its private files (the old grader's copy was a synchronous tar): the
//     event loop's longest hold-up, and the other 7 submissions' mean grade time.
//
//   node --conditions=@proclife/source --import tsx bench/grader-pipeline.ts [rounds] [--baseline <rev>]
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as current from '@proclife/grader'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { baseline: { type: 'string', default: '221b06c' } },
})
const rounds = Number(positionals[0] ?? 3)
const repo = fileURLToPath(new URL('..', import.meta.url))
const say = (line: string): void => {
  process.stderr.write(`${line}\n`)
}
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
// Each round grades with both, back to back: the ratio of a round is the least disturbed by the
// machine's load drifting (other work on a shared machine), and the median of them the figure.
const ratios = (news: readonly number[], olds: readonly number[]): string =>
  news.map((n, i) => (n / olds[i]!).toFixed(2)).join(' ')
const medianRatio = (news: readonly number[], olds: readonly number[]): number =>
  median(news.map((n, i) => n / olds[i]!))

// The old grader: its sources at the baseline, beside the package so that they resolve its dependencies.
const oldDir = join(repo, 'packages/grader/.bench-baseline')
rmSync(oldDir, { recursive: true, force: true })
const files = execFileSync(
  'git',
  ['-C', repo, 'ls-tree', '-r', '--name-only', values.baseline!, 'packages/grader/src'],
  { encoding: 'utf8' },
)
  .split('\n')
  .filter(Boolean)
for (const file of files) {
  const to = join(oldDir, file.slice('packages/grader/'.length))
  mkdirSync(dirname(to), { recursive: true })
  writeFileSync(to, execFileSync('git', ['-C', repo, 'show', `${values.baseline}:${file}`]))
}
const old = (await import(join(oldDir, 'src/index.ts'))) as typeof current
const graders = { old, new: current } as const

const work = mkdtempSync(join(tmpdir(), 'proclife-bench-pipeline-'))
try {
  // 1. The example lab: the reference and each wrong solution, in turn.
  const lab = current.loadLab(join(repo, 'fixtures/labs/process-lifecycles'))
  const kinds = [join(lab.dir!, 'submissions', 'reference')]
  for (const exercise of readdirSync(join(lab.dir!, 'wrong'))) {
    for (const variant of readdirSync(join(lab.dir!, 'wrong', exercise))) {
      const dir = join(work, 'kinds', `${exercise}--${variant}`)
      cpSync(kinds[0]!, dir, { recursive: true })
      cpSync(join(lab.dir!, 'wrong', exercise, variant), dir, { recursive: true })
      kinds.push(dir)
    }
  }
  const batch = Array.from({ length: 8 }, (_, i) => kinds[i % kinds.length]!)

  const measure = async (which: keyof typeof graders, labPath: string, submissions: readonly string[]) => {
    const grader = graders[which]
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    const started = performance.now()
    const outcomes = await grader.gradeSubmissions(grader.loadLab(labPath), submissions, { concurrency: 4 })
    const wall = performance.now() - started
    delay.disable()
    const failed = outcomes.filter((o) => o.result === null)
    if (failed.length > 0) throw new Error(`${which}: ${failed.map((o) => o.error).join('; ')}`)
    return { wall, maxDelay: delay.max / 1e6, outcomes }
  }

  await measure('new', lab.dir!, batch.slice(0, 4)) // warm-up: builds the sentinel, resolves python
  await measure('old', lab.dir!, batch.slice(0, 4))
  const walls = { old: [] as number[], new: [] as number[] }
  const delays = { old: [] as number[], new: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    for (const which of (round % 2 === 0 ? ['old', 'new'] : ['new', 'old']) as (keyof typeof graders)[]) {
      const m = await measure(which, lab.dir!, batch)
      walls[which].push(m.wall)
      delays[which].push(m.maxDelay)
    }
  }
  say(
    `1. a batch of 8 submissions of ${lab.lab} at 4 at once, ${rounds} rounds each, interleaved (load ${loadavg()[0]!.toFixed(1)})`,
  )
  say(
    `   old grader   wall ${(mean(walls.old) / 1000).toFixed(1)} s   event loop held up at most ${Math.max(...delays.old).toFixed(0)} ms`,
  )
  say(
    `   new grader   wall ${(mean(walls.new) / 1000).toFixed(1)} s   event loop held up at most ${Math.max(...delays.new).toFixed(0)} ms`,
  )
  say(
    `   ratio new / old  ${medianRatio(walls.new, walls.old).toFixed(2)} (median of the rounds: ${ratios(walls.new, walls.old)})`,
  )

  // 2. A lab with a build; one submission's build leaves 60 MiB to copy out of its private files.
  const buildLab = join(work, 'copy-lab')
  mkdirSync(buildLab)
  writeFileSync(
    join(buildLab, 'lab.yaml'),
    [
      'lab: copy-stall',
      'build:',
      '  run: sh build.sh',
      'exercises:',
      '  - id: hello',
      '    file: prog.sh',
      '    checks:',
      '      - id: exits',
      '        points: 1',
      '        exitStatus: { process: root, code: 0 }',
      '',
    ].join('\n'),
  )
  const students = Array.from({ length: 8 }, (_, i) => {
    const dir = join(work, 'copy-subs', `s${i}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'prog.sh'), 'echo hello\n')
    writeFileSync(join(dir, 'build.sh'), i === 0 ? 'head -c 62914560 /dev/zero > big.bin\n' : 'true\n')
    return dir
  })
  if (!current.privateMountsAvailable().ok)
    say("\n2. skipped: no private mount namespace here (the build's files are not copied out)")
  else {
    const others = { old: [] as number[], new: [] as number[] }
    const stalls = { old: [] as number[], new: [] as number[] }
    for (let round = 0; round < rounds; round++) {
      for (const which of (round % 2 === 0 ? ['old', 'new'] : ['new', 'old']) as (keyof typeof graders)[]) {
        const m = await measure(which, buildLab, students)
        others[which].push(mean(m.outcomes.slice(1).map((o) => o.result!.durationMs)))
        stalls[which].push(m.maxDelay)
      }
    }
    say(`\n2. the same on a lab with a build; one build leaves 60 MiB to copy out (load ${loadavg()[0]!.toFixed(1)})`)
    say(
      `   old grader   event loop held up at most ${Math.max(...stalls.old).toFixed(0)} ms   the other 7: ${mean(others.old).toFixed(0)} ms each`,
    )
    say(
      `   new grader   event loop held up at most ${Math.max(...stalls.new).toFixed(0)} ms   the other 7: ${mean(others.new).toFixed(0)} ms each`,
    )
    say(
      `   ratio new / old  longest hold-up ${medianRatio(stalls.new, stalls.old).toFixed(2)} (rounds: ${ratios(stalls.new, stalls.old)})   the others' grade time ${medianRatio(others.new, others.old).toFixed(2)} (rounds: ${ratios(others.new, others.old)})`,
    )
  }
} finally {
  rmSync(work, { recursive: true, force: true })
  rmSync(oldDir, { recursive: true, force: true })
}
