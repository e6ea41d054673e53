import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect } from 'vitest'
import { loadLab } from '../src/index.js'
import { exampleLab } from './helpers.js'

// For vitest-mode.test.ts and vitest-mode.long.test.ts: vitest itself, run on a real test file
// (e2e-fixtures/vitest-mode/lab.spec.ts) that declares the example lab with describeLab; the
// submission and the exercises come through the environment.
const vitestBin = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')
const project = fileURLToPath(new URL('./e2e-fixtures/vitest-mode/', import.meta.url))
export const scratch = mkdtempSync(join(tmpdir(), 'proclife-grader-e2e-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

export const lab = loadLab(exampleLab)
export const labTitle = lab.title!

export interface TestResult {
  readonly ancestorTitles: string[]
  readonly title: string
  readonly status: string
  readonly failureMessages: string[]
  readonly meta: { points?: number; maxPoints?: number; check?: string }
}

export interface VitestRun {
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
export async function runLab(submission: string, only: string): Promise<VitestRun> {
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

export const checksOf = (id: string) => lab.exercises.find((e) => e.id === id)!.checks
export const total = (tests: TestResult[], key: 'points' | 'maxPoints'): number =>
  tests.reduce((s, t) => s + t.meta[key]!, 0)
