// The in-place APIs, repeated with every core busy: `observe(() => pool.terminate())` (the README's
// example, the guard on) on a correct pool (must pass) and on one whose terminate() resolves
// before its workers exit (must fail), and the leak guard's two cases: workers that end about
// 100 ms after their test (must pass) and workers that never end (must fail). Counts, per case,
// the tests whose outcome was not the expected one (flips), and checks that no worker is left.
//
//   pnpm soak:in-place [repetitions per case, default 200]
//   (node --conditions=@proclife/source --import tsx bench/soak-in-place.ts)
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { readProcessSync, signalProcess, type ProcessIdentity } from '@proclife/proctable'
import { WORKER_NAME } from './in-place-soak/pool.js'

const REPEAT = Number(process.argv[2] ?? 200)
const SHARDS = 2
const suite = fileURLToPath(new URL('./in-place-soak/', import.meta.url))
const vitestBin = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-soak-in-place-'))

/** What each case's failure message must say when it fails as it should. */
const CASES: Record<string, { readonly pass: boolean; readonly says?: readonly string[] }> = {
  'correct-pool passes': { pass: true },
  'broken-pool fails': {
    pass: false,
    says: ['toLeaveNoStrayProcesses', 'when the callback returned', 'started before the observation'],
  },
  'guard-ends-soon passes': { pass: true },
  'guard-never-ends fails': {
    pass: false,
    says: ['LeakError', 'still there 1000 ms after the test ended', 'killed by the leak guard'],
  },
}

interface Assertion {
  readonly ancestorTitles: readonly string[]
  readonly status: string
  readonly failureMessages: readonly string[]
}

/** Runs the suite once; what each test did. */
async function runSuite(
  out: string,
): Promise<{ readonly assertions: readonly Assertion[]; readonly exitCode: number | undefined }> {
  const result = await execa(
    process.execPath,
    [vitestBin, 'run', '--root', suite, '--reporter=dot', '--reporter=json', `--outputFile.json=${out}`],
    {
      reject: false,
      all: true,
      env: { SOAK_REPEAT: String(Math.ceil(REPEAT / SHARDS)), CI: '1', NO_COLOR: '1' },
    },
  )
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as { testResults: { assertionResults: Assertion[] }[] }
    return { assertions: report.testResults.flatMap((f) => f.assertionResults), exitCode: result.exitCode }
  } catch {
    console.error(result.all)
    throw new Error('vitest wrote no JSON report: its output is above')
  }
}

const burners = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
)
const loads: number[] = []
const sampler = setInterval(() => loads.push(loadavg()[0]!), 5000)
const started = performance.now()
let outcome: Awaited<ReturnType<typeof runSuite>>
try {
  outcome = await runSuite(join(scratch, 'report.json'))
} finally {
  clearInterval(sampler)
  for (const burner of burners) burner.kill('SIGKILL') // ours, by handle
  rmSync(scratch, { recursive: true, force: true })
}
const { assertions, exitCode } = outcome
const seconds = (performance.now() - started) / 1000

// Workers left by any test: there must be none (observe and the guard kill what they judged).
const left: ProcessIdentity[] = []
for (const entry of readdirSync('/proc')) {
  if (!/^\d+$/.test(entry)) continue
  let cmdline: string
  try {
    cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1')
  } catch {
    continue
  }
  const info = cmdline.split('\0').includes(WORKER_NAME)
    ? readProcessSync(Number(entry), { argv: false, uid: false })
    : undefined
  if (info && info.state !== 'Z') left.push(info)
}
for (const p of left) signalProcess(p, 'SIGKILL')

console.log(
  `\n${REPEAT} repetitions per case (${SHARDS} files side by side), ${burners.length} busy loops, ${seconds.toFixed(0)} s, vitest exit ${exitCode}`,
)
console.log(
  `load average (1 min) during the soak: ${loads.length === 0 ? 'n/a' : `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`}`,
)
let flips = 0
for (const [name, expected] of Object.entries(CASES)) {
  const runs = assertions.filter((a) => a.ancestorTitles[0] === name)
  const wrong = runs.filter((a) => {
    if (expected.pass) return a.status !== 'passed'
    const text = a.failureMessages.join('\n')
    return a.status !== 'failed' || !expected.says!.every((words) => text.includes(words))
  })
  flips += wrong.length
  console.log(
    `${name.padEnd(24)} ${String(runs.length).padStart(5)} runs  ${String(runs.length - wrong.length).padStart(5)} as expected  ${String(wrong.length).padStart(3)} flips`,
  )
  for (const a of wrong.slice(0, 3))
    console.log(`  ${a.status}: ${a.failureMessages.join('\n').split('\n').slice(0, 4).join(' | ')}`)
}
console.log(`workers left after the soak: ${left.length}`)
process.exitCode = flips === 0 && left.length === 0 && assertions.length === REPEAT * 4 ? 0 : 1
