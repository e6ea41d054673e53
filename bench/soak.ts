// The determinism soak: runs the deterministic fixtures and grades every example lab's solutions
// N times with every core kept busy, and counts the verdicts or grades that differ from the first
// run of the same scenario (a "flip"). A flip is a bug: a verdict must be a function of the order
// of events, never of how long something took.
//
//   node --conditions=@proclife/source --import tsx bench/soak.ts [--repeat N] [--only a,b] [--no-load]
//
// Scenario names: the fixtures by file name (storm-slow, never-reaped, ...), and lab:<lab>/<solution>
// (lab:process-lifecycles/reference, lab:process-lifecycles/orphan/child-exits-first, ...); --only
// takes name prefixes. Prints one line per scenario and a last line `flips: N of M runs`; exits 1 on
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

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '20' }, only: { type: 'string' }, 'no-load': { type: 'boolean', default: false } } })
const repeat = Number(values.repeat)
if (!Number.isInteger(repeat) || repeat < 1) {
  process.stderr.write(`soak: --repeat needs a whole number from 1; got ${JSON.stringify(values.repeat)}\n`)
  process.exit(2)
}
const only = values.only?.split(',').filter(Boolean)
const root = fileURLToPath(new URL('..', import.meta.url))
const fixtures = join(root, 'packages', 'runner', 'test', 'fixtures')

interface Scenario {
  readonly name: string
  /** One run; its signature: what must be the same every time. */
  run(): Promise<string>
}

/** What a run decides: the verdict and each process's fate, with nothing that depends on time. */
function runSignature(report: RunReport): string {
  return JSON.stringify({
    verdict: report.verdict,
    processes: report.processes.map((p) => [p.id, p.reapedBy, p.exit, p.adopted, p.orphaned, p.killedBy, p.leftover]),
  })
}

const fixture = (file: string, options: RunOptions = {}): Scenario => ({
  name: file.replace(/\.py$/, ''),
  run: async () => runSignature(await runFixture(join(fixtures, file), options)),
})

/** What a grade decides: every check's outcome. */
const gradeSignature = (result: GradeResult): string =>
  result.exercises.flatMap((e) => e.checks.map((c) => `${c.id}:${c.passed ? 1 : 0}`)).join(' ')

function labScenarios(labName: string): Scenario[] {
  const labDir = join(root, 'fixtures', 'labs', labName)
  const lab = loadLab(labDir)
  const reference = join(labDir, 'submissions', 'reference')
  const out: Scenario[] = [{ name: `lab:${labName}/reference`, run: async () => gradeSignature(await gradeSubmission(lab, reference)) }]
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
            return gradeSignature(await gradeSubmission({ ...lab, exercises: lab.exercises.filter((e) => e.id === exercise) }, dir))
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
  if (values['no-load']) return []
  return Array.from({ length: availableParallelism() }, () => {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' })
    const info = child.pid === undefined ? undefined : readProcessSync(child.pid, { argv: false, uid: false })
    if (!info) throw new Error('soak: could not start a load process')
    return { pid: info.pid, startTicks: info.startTicks }
  })
}

const say = (line: string): void => { process.stdout.write(`${line}\n`) }
const load = startLoad()
const started = performance.now()
let flips = 0
let runs = 0
try {
  say(`soak: ${scenarios.length} scenarios × ${repeat}, ${load.length} busy processes on ${availableParallelism()} cores`)
  for (const scenario of scenarios) {
    const t0 = performance.now()
    const first = await scenario.run()
    const differing: string[] = []
    for (let i = 1; i < repeat; i++) {
      const signature = await scenario.run()
      if (signature !== first) differing.push(signature)
    }
    runs += repeat
    flips += differing.length
    say(`${differing.length === 0 ? '✔' : '✘'} ${scenario.name.padEnd(52)} ${differing.length} flips in ${repeat}  (${((performance.now() - t0) / repeat).toFixed(0)} ms a run, load ${loadavg()[0]!.toFixed(1)})`)
    if (differing.length > 0) say(`    first: ${first}\n    then:  ${differing[0]}`)
  }
} finally {
  await terminateProcesses(load, { killAfter: 0 })
}
say(`flips: ${flips} of ${runs} runs, in ${((performance.now() - started) / 1000).toFixed(0)} s`)
process.exitCode = flips === 0 ? 0 : 1
