import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, expect, it } from 'vitest'
import { exists } from './helpers/processes.js'

// A worker pool's own suite, in small (e2e-fixtures/pool: `tiny-pool` under its node_modules, and
// two test files whose first tests never destroy their pools), run by vitest as a user runs it:
// without the guard, then with it, twice, then with it killing everything it finds.
const vitestBin = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')
const project = fileURLToPath(new URL('./e2e-fixtures/pool/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-e2e-pool-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Run {
  readonly statuses: Record<string, string>
  readonly failures: Record<string, string>
  /** "Vitest caught N unhandled errors": errors thrown outside any test's own code. */
  readonly uncaught: number
  readonly pids: readonly number[]
  /** Everything vitest printed (verbose reporter). */
  readonly output: string
}

let runs = 0
async function runSuite(guard: '' | '1' | 'all'): Promise<Run> {
  const tag = `${guard || 'none'}-${++runs}`
  const json = join(scratch, `report-${tag}.json`)
  const pidsFile = join(scratch, `pids-${tag}`)
  const result = await execa(process.execPath, [vitestBin, 'run', '--reporter=verbose', '--reporter=json', `--outputFile.json=${json}`, `--attachmentsDir=${join(scratch, `attachments-${tag}`)}`], {
    // Pictures of leaks go to the scratch folder, never into the fixture's tree.
    cwd: project, reject: false, all: true, env: { NO_COLOR: '1', FORCE_COLOR: undefined, CI: '1', POOL_GUARD: guard, POOL_PIDS: pidsFile, PROCLIFE_PICTURES: join(scratch, `pictures-${tag}`) },
  })
  const tests = (JSON.parse(readFileSync(json, 'utf8')) as { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] })
    .testResults.flatMap((file) => file.assertionResults)
  const pids = existsSync(pidsFile) ? readFileSync(pidsFile, 'utf8').trim().split('\n').map(Number) : []
  // Whatever the run, nothing it started outlives it (the guard's watcher, or the workers' own exit when their pool's process goes).
  await expect.poll(() => pids.filter(exists), { timeout: 15_000 }).toEqual([])
  return {
    statuses: Object.fromEntries(tests.map((t) => [t.title, t.status])),
    failures: Object.fromEntries(tests.filter((t) => t.failureMessages.length > 0).map((t) => [t.title, t.failureMessages.join('\n')])),
    uncaught: Number(/Vitest caught (\d+) unhandled errors?/.exec(result.all)?.[1] ?? 0),
    pids,
    output: result.all,
  }
}

const clean = {
  'runs a task': 'passed', 'runs tasks side by side': 'passed', 'retires idle workers': 'passed', 'destroys its workers': 'passed', 'replaces a worker that dies': 'passed',
  'starts a short helper process': 'passed', 'queues tasks beyond its size': 'passed', 'runs on a fresh pool': 'passed',
}

it('fails the tests whose pools were never destroyed, and only those, every run, adding no uncaught error', async () => {
  const without = await runSuite('')
  expect(without.statuses, without.output.slice(-4000)).toEqual(clean)
  expect(without.uncaught).toBe(0)

  for (let round = 0; round < 2; round++) {
    const guarded = await runSuite('1')
    // The idle pool's replacements, forked during later tests, are its test's: no later test is blamed.
    expect(guarded.statuses, guarded.output.slice(-4000)).toEqual({ ...clean, 'runs a task': 'failed', 'runs tasks side by side': 'failed', 'retires idle workers': 'failed' })
    expect(guarded.uncaught).toBe(without.uncaught)
    // Quiet: the error's report is not dumped after the picture.
    expect(guarded.output).toContain('LeakError: The test "runs a task"')
    expect(guarded.output).not.toContain('Serialized Error')
    // The timeline has each worker's own spawn time, in the order they were forked.
    const times = [...guarded.failures['runs a task']!.matchAll(/^\s+([\d.]+) ms\s+root\.\d\s+spawn\s/gm)].map((m) => Number(m[1]))
    expect(times).toHaveLength(2)
    expect(times[0]).toBeGreaterThan(0)
    expect(times[1]).toBeGreaterThan(times[0]!)
    // The line is the test's own, the library's fork beside it; the workers are left to their pool.
    expect(guarded.failures['runs a task']!.split('\n\nTimeline')[0]).toMatchInlineSnapshot(`
      "LeakError: The test "runs a task" left 2 processes running (root.1, root.2) behind, still there 1000 ms after the test ended.
      root.1, root.2 were started by \`node node_modules/tiny-pool/worker.js\`, spawned at pool.spec.ts:8:16 (through node_modules/tiny-pool/index.js:13:17).
      The leak guard left root.1, root.2 running: code in the test process listens for their exit (a pool's worker, a supervised server), and killing them would make that code react during a later test. They end with the test file (destroy or close the pool in afterEach; \`kill: 'all'\` kills them anyway).

      Processes this test started (root is the test process):
      root (the test process)  ← still running
      ├─ root.1 worker.js  ← stray, still running, left running: the test process listens for its exit
      └─ root.2 worker.js  ← stray, still running, left running: the test process listens for its exit"
    `)
  }
}, 300_000)

it('kills a pool\'s workers with kill: "all", and the pool then throws uncaught errors: why that is not the default', async () => {
  const killing = await runSuite('all')
  expect(killing.statuses['runs a task'], killing.output.slice(-4000)).toBe('failed')
  expect(killing.uncaught).toBeGreaterThan(0)
}, 300_000)
