// The determinism soak: runs the deterministic fixtures and grades every example lab's solutions
// N times with every core kept busy, and counts the verdicts or grades that differ from the first
// run of the same scenario (a "flip"). A flip is a bug: a verdict must be a function of the order
// of events, never of how long something took.
//
//   node --conditions=@proclife/source --import tsx bench/soak.ts [--repeat N] [--jobs J] [--only a,b]
//        [--load L | --no-load]
//
// Scenario names: the fixtures by file name (storm-slow, never-reaped, ...), and lab:<lab>/<solution>
// (lab:process-lifecycles/reference, lab:process-lifecycles/orphan/child-exits-first, ...); --only
// takes name prefixes. --jobs runs J repetitions of a scenario at once (each an isolated run, which
// adds load of its own; default 1); --load sets the number of spinning processes (default: one per
// core). Prints one line per scenario and a last line `flips: N of M runs`; exits 1 on
// any flip.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { gradeSubmission, loadLab, type GradeResult } from '@proclife/grader'
import { readProcessSync, terminateProcesses, type ProcessIdentity } from '@proclife/proctable'
import { runFixture, type RunOptions, type RunReport } from '@proclife/runner'

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '20' },
    jobs: { type: 'string', default: '1' },
    load: { type: 'string', default: String(availableParallelism()) },
    only: { type: 'string' },
    'no-load': { type: 'boolean', default: false },
  },
})

/** A whole-number option, or a one-line error and exit 2. */
function wholeNumber(name: string, value: string, least: number): number {
  const n = Number(value)
  if (Number.isInteger(n) && n >= least) return n
  process.stderr.write(`soak: --${name} needs a whole number from ${least}; got ${JSON.stringify(value)}\n`)
  process.exit(2)
}
const repeat = wholeNumber('repeat', values.repeat, 1)
const jobs = wholeNumber('jobs', values.jobs, 1)
const spinners = values['no-load'] ? 0 : wholeNumber('load', values.load, 0)
const only = values.only?.split(',').filter(Boolean)
const root = fileURLToPath(new URL('..', import.meta.url))
const fixtures = join(root, 'packages', 'runner', 'test', 'fixtures')

interface Scenario {
  readonly name: string
  /** One run; its signature: what must be the same every time. */
  run(): Promise<string>
}

/**
 * What a run decides: the verdict and each process's fate, with nothing that depends on time. A run
 * that hit its time bound is marked as such: it was cut short, so its verdict is not comparable, and
 * it is counted apart from the flips (the soak's runs get a bound far above their usual duration).
 */
function runSignature(report: RunReport): string {
  if (report.timedOut) return TIMED_OUT
  return JSON.stringify({
    verdict: report.verdict,
    processes: report.processes.map((p) => [
      p.id,
      p.reapedBy,
      ...(p.leftover ? strayEnd(p) : [p.exit, p.killedBy]),
      p.adopted,
      p.orphaned,
      p.leftover,
    ]),
  })
}

/**
 * How a stray ended, as far as the order of events decides it. Whether a stray that handles SIGTERM
 * gets to run its handler before the clean-up's SIGKILL (`killAfter` later) is decided by the
 * clock, not by the program: under load either can happen, and the report must say which did. So
 * the soak checks that `killedBy` agrees with the wait status (set exactly when a clean-up signal
 * ended it), not which signal won.
 */
function strayEnd(p: RunReport['processes'][number]): unknown[] {
  const diedOf = p.exit?.signal ?? null
  const agrees = p.killedBy === null ? diedOf === null || !p.cleanupSignals.includes(diedOf) : p.killedBy === diedOf
  return [
    agrees
      ? 'ended in clean-up; killedBy agrees with the wait status'
      : `killedBy ${p.killedBy} but exit ${JSON.stringify(p.exit)}`,
  ]
}

const TIMED_OUT = 'timed out'
const fixture = (file: string, options: RunOptions = {}): Scenario => ({
  name: file.replace(/\.py$/, ''),
  run: async () => runSignature(await runFixture(join(fixtures, file), { timeout: 120_000, ...options })),
})

/** Where two signatures first differ, with some context: the whole of a storm's would be pages. */
function firstDifference(a: string, b: string): string {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  const from = Math.max(0, i - 120)
  const cut = (s: string): string => `${from > 0 ? '…' : ''}${s.slice(from, i + 120)}${s.length > i + 120 ? '…' : ''}`
  return `    first: ${cut(a)}\n    then:  ${cut(b)}`
}

/** What a grade decides: every check's outcome. */
const gradeSignature = (result: GradeResult): string =>
  result.exercises.flatMap((e) => e.checks.map((c) => `${c.id}:${c.passed ? 1 : 0}`)).join(' ')

function labScenarios(labName: string): Scenario[] {
  const labDir = join(root, 'fixtures', 'labs', labName)
  const lab = loadLab(labDir)
  const reference = join(labDir, 'submissions', 'reference')
  const out: Scenario[] = [
    { name: `lab:${labName}/reference`, run: async () => gradeSignature(await gradeSubmission(lab, reference)) },
  ]
  const wrong = join(labDir, 'wrong')
  if (!existsSync(wrong)) return out
  for (const exercise of readdirSync(wrong)) {
    for (const variant of readdirSync(join(wrong, exercise))) {
      out.push({
        name: `lab:${labName}/${exercise}/${variant}`,
        run: async () => {
          // The reference with one file replaced, graded on that exercise only.
          const dir = mkdtempSync(join(tmpdir(), 'proclife-soak-'))
          try {
            cpSync(reference, dir, { recursive: true })
            cpSync(join(wrong, exercise, variant), dir, { recursive: true })
            return gradeSignature(
              await gradeSubmission({ ...lab, exercises: lab.exercises.filter((e) => e.id === exercise) }, dir),
            )
          } finally {
            rmSync(dir, { recursive: true, force: true })
          }
        },
      })
    }
  }
  return out
}

const scenarios: Scenario[] = [
  fixture('storm-slow.py'),
  fixture('storm.py'),
  fixture('never-reaped.py'),
  fixture('zombie.py'),
  fixture('double-fork.py'),
  fixture('ignore-term.py', { settle: 100, killAfter: 100 }),
  fixture('term-exits-0.py', { settle: 100, killAfter: 100 }),
  ...labScenarios('process-lifecycles'),
  ...labScenarios('node-processes'),
  ...labScenarios('job-control'),
].filter((s) => only === undefined || only.some((prefix) => s.name.startsWith(prefix)))
if (scenarios.length === 0) {
  process.stderr.write(`soak: no scenario matches --only ${values.only}\n`)
  process.exit(2)
}

/** Keeps every core busy: one spinning process per core, ended by identity at the end. */
function startLoad(): ProcessIdentity[] {
  return Array.from({ length: spinners }, () => {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
    const info = child.pid === undefined ? undefined : readProcessSync(child.pid, { argv: false, uid: false })
    if (!info) throw new Error('soak: could not start a load process')
    return { pid: info.pid, startTicks: info.startTicks }
  })
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`)
}
const load = startLoad()
const started = performance.now()
let flips = 0
let timeouts = 0
let runs = 0
try {
  say(
    `soak: ${scenarios.length} scenarios × ${repeat}, ${jobs} at a time, ${load.length} busy processes on ${availableParallelism()} cores`,
  )
  for (const scenario of scenarios) {
    const t0 = performance.now()
    let first = await scenario.run()
    const differing: string[] = []
    let timedOut = 0
    // The first signature is the reference; a run cut short by its bound cannot be one.
    while (first === TIMED_OUT && timedOut < repeat) {
      timedOut++
      first = await scenario.run()
    }
    let next = 1
    const worker = async (): Promise<void> => {
      while (next < repeat) {
        next++
        const signature = await scenario.run()
        if (signature === TIMED_OUT) timedOut++
        else if (signature !== first) differing.push(signature)
      }
    }
    await Promise.all(Array.from({ length: Math.min(jobs, repeat - 1) }, worker))
    runs += repeat
    flips += differing.length
    timeouts += timedOut
    const cut = timedOut > 0 ? `, ${timedOut} timed out` : ''
    say(
      `${differing.length === 0 ? '✔' : '✘'} ${scenario.name.padEnd(52)} ${differing.length} flips in ${repeat}${cut}  (${((performance.now() - t0) / repeat).toFixed(0)} ms of wall time a run, load ${loadavg()[0]!.toFixed(1)})`,
    )
    if (differing.length > 0) say(firstDifference(first, differing[0]!))
  }
} finally {
  await terminateProcesses(load, { killAfter: 0 })
}
say(
  `flips: ${flips} of ${runs} runs${timeouts > 0 ? ` (${timeouts} cut short by their time bound, not compared)` : ''}, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
)
process.exitCode = flips === 0 ? 0 : 1
