import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, expect } from 'vitest'
import { exists } from './processes.js'
import { vitestBin } from './child-vitest.js'

// A worker pool's own suite, in small (e2e-fixtures/pool: `tiny-pool` under its node_modules, and
// two test files whose first tests never destroy their pools), run by vitest as a user runs it:
// without the guard, with it, and with it killing everything it finds. Used by
// pool-suite.e2e.test.ts (each way once) and pool-suite.long.test.ts (the guarded run repeated).
const project = fileURLToPath(new URL('../e2e-fixtures/pool/', import.meta.url))

/** What one vitest run of the pool's suite gave. */
export interface PoolSuiteRun {
  readonly statuses: Record<string, string>
  readonly failures: Record<string, string>
  /** "Vitest caught N unhandled errors": errors thrown outside any test's own code. */
  readonly uncaught: number
  readonly pids: readonly number[]
  /** Everything vitest printed (verbose reporter). */
  readonly output: string
}

/** Every test's status when nothing fails. */
export const clean = {
  'runs a task': 'passed',
  'runs tasks side by side': 'passed',
  'retires idle workers': 'passed',
  'destroys its workers': 'passed',
  'replaces a worker that dies': 'passed',
  'starts a short helper process': 'passed',
  'queues tasks beyond its size': 'passed',
  'runs on a fresh pool': 'passed',
}

/**
 * A runner of the pool's suite for one test file: its scratch folder is removed after the file.
 * `guard` is the POOL_GUARD of the fixture's config: '' none, '1' the guard, 'all' it kills everything.
 */
export function poolSuiteRunner(): (guard: '' | '1' | 'all') => Promise<PoolSuiteRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'proclife-e2e-pool-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))
  let runs = 0
  return async (guard) => {
    const tag = `${guard || 'none'}-${++runs}`
    const json = join(scratch, `report-${tag}.json`)
    const pidsFile = join(scratch, `pids-${tag}`)
    const result = await execa(
      process.execPath,
      [
        vitestBin,
        'run',
        '--reporter=verbose',
        '--reporter=json',
        `--outputFile.json=${json}`,
        `--attachmentsDir=${join(scratch, `attachments-${tag}`)}`,
      ],
      {
        // Pictures of leaks go to the scratch folder, never into the fixture's tree.
        cwd: project,
        reject: false,
        all: true,
        env: {
          NO_COLOR: '1',
          FORCE_COLOR: undefined,
          CI: '1',
          POOL_GUARD: guard,
          POOL_PIDS: pidsFile,
          PROCLIFE_PICTURES: join(scratch, `pictures-${tag}`),
        },
      },
    )
    const tests = (
      JSON.parse(readFileSync(json, 'utf8')) as {
        testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[]
      }
    ).testResults.flatMap((file) => file.assertionResults)
    const pids = existsSync(pidsFile) ? readFileSync(pidsFile, 'utf8').trim().split('\n').map(Number) : []
    // Whatever the run, nothing it started outlives it (the guard's watcher, or the workers' own exit when their pool's process goes).
    // Polled here rather than with expect.poll, which a beforeAll cannot call.
    for (const deadline = performance.now() + 15_000; pids.some(exists);) {
      if (performance.now() > deadline)
        throw new Error(`The pool's suite left ${pids.filter(exists).join(', ')} running 15 s after vitest ended`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return {
      statuses: Object.fromEntries(tests.map((t) => [t.title, t.status])),
      failures: Object.fromEntries(
        tests.filter((t) => t.failureMessages.length > 0).map((t) => [t.title, t.failureMessages.join('\n')]),
      ),
      uncaught: Number(/Vitest caught (\d+) unhandled errors?/.exec(result.all)?.[1] ?? 0),
      pids,
      output: result.all,
    }
  }
}

/**
 * What a run with the guard must show, whichever run it is: the tests whose pools were never
 * destroyed fail, and only those, with no uncaught error beyond the unguarded run's.
 */
export function expectGuardedRun(guarded: PoolSuiteRun, without: PoolSuiteRun): void {
  // The idle pool's replacements, forked during later tests, are its test's: no later test is blamed.
  expect(guarded.statuses, guarded.output.slice(-4000)).toEqual({
    ...clean,
    'runs a task': 'failed',
    'runs tasks side by side': 'failed',
    'retires idle workers': 'failed',
  })
  expect(guarded.uncaught).toBe(without.uncaught)
  // Quiet: the error's report is not dumped after the picture.
  expect(guarded.output).toContain('LeakError: The test "runs a task"')
  expect(guarded.output).not.toContain('Serialized Error')
  // The timeline has each worker's own spawn time, in the order they were forked.
  const times = [...guarded.failures['runs a task']!.matchAll(/^\s+([\d.]+) ms\s+root\.\d\s+spawn\s/gm)].map((m) =>
    Number(m[1]),
  )
  expect(times).toHaveLength(2)
  expect(times[0]).toBeGreaterThan(0)
  expect(times[1]).toBeGreaterThan(times[0]!)
  // The line is the test's own, the library's fork beside it; the workers are left to their pool.
  expect(guarded.failures['runs a task']!.split('\n\nTimeline')[0]).toBe(leakOfRunsATask)
}

/** The failure of "runs a task" under the guard, up to its timeline. */
const leakOfRunsATask = `LeakError: The test "runs a task" left 2 processes running (root.1, root.2) behind, still there 1000 ms after the test ended.
root.1, root.2 were started by \`node node_modules/tiny-pool/worker.js\`, spawned at pool.spec.ts:8:16 (through node_modules/tiny-pool/index.js:13:17).
The leak guard left root.1, root.2 running: code in the test process listens for their exit (a pool's worker, a supervised server), and killing them would make that code react during a later test. They end with the test file (destroy or close the pool in afterEach; \`kill: 'all'\` kills them anyway).

Processes this test started (root is the test process):
root (the test process)  ← still running
├─ root.1 worker.js  ← stray, still running, left running: the test process listens for its exit
└─ root.2 worker.js  ← stray, still running, left running: the test process listens for its exit`
