import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { describeCheck, loadLab } from '../src/index.js'
import { exampleLab } from './helpers.js'

// Vitest itself, run on a real test file (e2e-fixtures/vitest-mode/lab.spec.ts) that declares the
// example lab with describeLab; the submission and the exercises come through the environment.
const vitestBin = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')
const project = fileURLToPath(new URL('./e2e-fixtures/vitest-mode/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-grader-e2e-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const lab = loadLab(exampleLab)
const labTitle = lab.title!

interface TestResult {
  readonly ancestorTitles: string[]
  readonly title: string
  readonly status: string
  readonly failureMessages: string[]
  readonly meta: { points?: number; maxPoints?: number; check?: string }
}

interface VitestRun {
  readonly exitCode: number | null
  readonly output: string
  readonly tests: TestResult[]
}

/** Live processes (not zombies) whose environment holds `entry`. */
function processesWithEnv(entry: string): number[] {
  const found: number[] = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry)) found.push(Number(pid))
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found
}

/** Runs vitest on the lab file against a submission; afterwards, nothing it started is alive. */
async function runLab(submission: string, only: string): Promise<VitestRun> {
  const token = randomUUID()
  const marker = `PROCLIFE_E2E_MARKER=${token}`
  const report = join(scratch, `${randomUUID()}.json`)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    CI: '1',
    SUBMISSION: submission,
    ONLY: only,
    PROCLIFE_E2E_MARKER: token,
  }
  delete env['FORCE_COLOR']
  const child = spawn(
    process.execPath,
    [vitestBin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const [exitCode] = (await once(child, 'close')) as [number | null]
  // Every process of the run (vitest's workers, the graded programs) inherited the marker.
  await expect.poll(() => processesWithEnv(marker), { timeout: 10_000 }).toEqual([])
  let tests: TestResult[] = []
  try {
    tests = (
      JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: TestResult[] }[] }
    ).testResults.flatMap((file) => file.assertionResults)
  } catch {
    /* no report: the assertions on the run say why */
  }
  return { exitCode, output, tests }
}

const checksOf = (id: string) => lab.exercises.find((e) => e.id === id)!.checks
const total = (tests: TestResult[], key: 'points' | 'maxPoints'): number => tests.reduce((s, t) => s + t.meta[key]!, 0)

describe('describeLab (@proclife/grader/vitest), run by vitest on a real test file', () => {
  it('generates one passing test per check for the reference solution, named by the check, with its points', async () => {
    const run = await runLab(`${exampleLab}/submissions/reference`, 'reap-one,zombie-on-signal')
    expect(run.exitCode, run.output).toBe(0)
    const expected = ['reap-one', 'zombie-on-signal'].flatMap((id) => {
      const exercise = lab.exercises.find((e) => e.id === id)!
      return exercise.checks.map((c) => [[labTitle, exercise.title], describeCheck(c), 'passed'])
    })
    expect(run.tests.map((t) => [t.ancestorTitles, t.title, t.status])).toEqual(expected)
    expect(run.tests.map((t) => t.title)).toContain('root.1 is reaped by its parent')
    expect(run.tests.map((t) => t.meta.check)).toEqual([
      'reap-one/one-child',
      'reap-one/child-status',
      'reap-one/reaped',
      'reap-one/reported',
      'reap-one/parent-ok',
      'zombie-on-signal/zombie',
      'zombie-on-signal/cleared',
      'zombie-on-signal/parent-ok',
      'zombie-on-signal/tidy',
    ])
    expect(run.tests.every((t) => t.meta.points === t.meta.maxPoints)).toBe(true)
    expect([total(run.tests, 'points'), total(run.tests, 'maxPoints')]).toEqual([20, 20])
    expect(run.output).toContain('9 passed')
  })

  it('fails exactly the checks a wrong solution fails, with the detail, the feedback and the process tree', async () => {
    const run = await runLab(`${exampleLab}/wrong/reap-one/no-wait`, 'reap-one')
    expect(run.exitCode, run.output).toBe(1)
    expect(run.tests.map((t) => [t.title, t.status])).toEqual(
      checksOf('reap-one').map((c) => [
        describeCheck(c),
        c.id === 'reaped' || c.id === 'reported' ? 'failed' : 'passed',
      ]),
    )
    const failed = run.tests.filter((t) => t.status === 'failed')
    expect(failed.map((t) => t.meta.check)).toEqual(['reap-one/reaped', 'reap-one/reported'])
    expect(failed.map((t) => t.meta.points)).toEqual([0, 0])
    expect([total(run.tests, 'points'), total(run.tests, 'maxPoints')]).toEqual([5, 10])

    const [reaped, reported] = failed.map((t) => t.failureMessages.join('\n'))
    expect(reaped).toMatch(
      /^CheckFailed: run 1 of 2: root\.1 was reaped by the sentinel \(its parent never waited for it\)\n/,
    )
    expect(reported).toMatch(
      /^CheckFailed: run 1 of 2: the output does not match \/\^child exited with 7\$\/; it was: "child exited with 0"\n/,
    )
    for (const [message, id] of [
      [reaped!, 'reaped'],
      [reported!, 'reported'],
    ] as const) {
      expect(message).toContain(`hint: ${checksOf('reap-one').find((c) => c.id === id)!.feedback}`)
      expect(message).toMatch(/\nprocesses:\n {2}root python3 \(\d+\) .*\n {2}└─ root\.1 /)
      expect(message).toMatch(/\ntimeline \(~ = sampled\):\n.* root\.1 +reap +reaped by the reaper/s)
      // No stack frames of the grader: the message is the report.
      expect(message).not.toMatch(/^\s+at /m)
    }
    // What the instructor sees in the terminal.
    expect(run.output).toContain(`${labTitle} > Fork a child and reap it > root.1 is reaped by its parent`)
    expect(run.output).toContain('hint: The parent must wait for its child (os.waitpid)')
  })

  it('fails every test of an exercise whose file is missing, with the reason', async () => {
    const run = await runLab(`${exampleLab}/wrong/orphan/parent-waits`, 'reap-one')
    expect(run.exitCode, run.output).toBe(1)
    expect(run.tests).toHaveLength(checksOf('reap-one').length)
    for (const t of run.tests) {
      expect(t.status).toBe('failed')
      expect(t.failureMessages).toEqual(['SubmissionError: reap_one.py is not in the submission'])
      expect([t.meta.points, t.meta.maxPoints]).toEqual([
        0,
        checksOf('reap-one').find((c) => `reap-one/${c.id}` === t.meta.check)!.points,
      ])
    }
  })

  it('fails every test when there is no submission folder, and rejects an exercise the lab does not have', async () => {
    const missing = join(scratch, 'no-such-submission')
    const run = await runLab(missing, 'reap-one')
    expect(run.exitCode, run.output).toBe(1)
    expect(run.tests.map((t) => [t.status, t.failureMessages])).toEqual(
      checksOf('reap-one').map(() => ['failed', [`SubmissionError: No submission folder at ${missing}.`]]),
    )

    const typo = await runLab(`${exampleLab}/submissions/reference`, 'reap-one,reap-two')
    expect(typo.exitCode, typo.output).toBe(1)
    expect(typo.tests).toEqual([])
    expect(typo.output).toContain(
      'describeLab: the lab "process-lifecycles" has no exercise "reap-two"; it has reap-one, ',
    )
  })
})
