// What the leak guard costs a suite whose tests start nothing: per test and per file, as ratios
// against the same suite without the guard, measured in the same run, on the machine as it is and
// with 5,000 unrelated idle processes.
//   pnpm bench:guard [files] [tests per file] [rounds]   (node --conditions=@proclife/source --import tsx bench/guard.ts)
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { IdleTree } from './idle-tree.js'

const FILES = Number(process.argv[2] ?? 10)
const TESTS = Number(process.argv[3] ?? 300)
const ROUNDS = Number(process.argv[4] ?? 3)
const IDLE = 5000
const BOUND_MS = 120_000
/** The targets of issue 17. */
const TARGET = { perTestMs: 0.1, perFileMs: 20 }

const suite = fileURLToPath(new URL('./guard-suite/', import.meta.url))
const generated = join(suite, 'generated')
const vitestBin = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-bench-guard-'))

interface Sample { readonly setupMs: number; readonly testsMs: number; readonly tests: number }
interface Measure { readonly setupMs: number; readonly perTestMs: number }

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ')

type Variant = 'plain' | 'guard' | 'hook'
const VARIANT_ENV: Record<Variant, string> = { plain: '0', guard: '1', hook: 'hook' }

/** Runs the suite once, with the guard, without it, or with an empty hook; the medians over its files. */
async function runSuite(variant: Variant, round: number): Promise<Measure> {
  const out = join(scratch, `${variant}-${round}-${Date.now()}.jsonl`)
  const result = await execa(process.execPath, [vitestBin, 'run', '--root', suite, '--reporter=dot'], {
    reject: false, all: true, env: { BENCH_GUARD: VARIANT_ENV[variant], BENCH_OUT: out, BENCH_TESTS: String(TESTS), CI: '1', NO_COLOR: '1' },
  })
  if (result.exitCode !== 0) throw new Error(`the ${variant} suite failed:\n${result.all}`)
  const samples = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Sample)
  if (samples.length !== FILES) throw new Error(`expected ${FILES} files timed, got ${samples.length}`)
  return { setupMs: median(samples.map((s) => s.setupMs)), perTestMs: median(samples.map((s) => s.testsMs / s.tests)) }
}

/** The three suites, alternated `ROUNDS` times; the median of each. */
async function compare(label: string): Promise<Record<Variant, Measure>> {
  const runs: Record<Variant, Measure[]> = { plain: [], guard: [], hook: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of ['plain', 'guard', 'hook'] as const) runs[variant].push(await runSuite(variant, round))
    console.log(`  ${label}, round ${round + 1}: plain ${fmt(runs.plain.at(-1)!)}; guarded ${fmt(runs.guard.at(-1)!)}; empty hook ${fmt(runs.hook.at(-1)!)}; load ${load()}`)
  }
  const pick = (list: readonly Measure[]): Measure => ({ setupMs: median(list.map((m) => m.setupMs)), perTestMs: median(list.map((m) => m.perTestMs)) })
  return { plain: pick(runs.plain), guard: pick(runs.guard), hook: pick(runs.hook) }
}

const fmt = (m: Measure): string => `setup ${m.setupMs.toFixed(2)} ms/file, ${(m.perTestMs * 1000).toFixed(1)} µs/test`

function verdict(label: string, r: Record<Variant, Measure>): boolean {
  const perTest = r.guard.perTestMs - r.plain.perTestMs
  const perFile = r.guard.setupMs - r.plain.setupMs
  const okTest = perTest <= TARGET.perTestMs
  const okFile = perFile <= TARGET.perFileMs
  console.log(`${label}:`)
  console.log(`  per test: ${(r.guard.perTestMs * 1000).toFixed(1)} µs guarded / ${(r.plain.perTestMs * 1000).toFixed(1)} µs plain = ${(r.guard.perTestMs / r.plain.perTestMs).toFixed(2)}×; ` +
    `the guard adds ${(perTest * 1000).toFixed(1)} µs (target ≤ ${TARGET.perTestMs * 1000} µs) — ${okTest ? 'met' : 'MISSED'}`)
  console.log(`  per file: setup ${r.guard.setupMs.toFixed(2)} ms guarded / ${r.plain.setupMs.toFixed(2)} ms plain = ${(r.guard.setupMs / r.plain.setupMs).toFixed(2)}×; ` +
    `the guard adds ${perFile.toFixed(2)} ms (target ≤ ${TARGET.perFileMs} ms) — ${okFile ? 'met' : 'MISSED'}`)
  console.log(`  of which vitest's own hook call (an empty beforeEach with a clean-up): ${((r.hook.perTestMs - r.plain.perTestMs) * 1000).toFixed(1)} µs per test; ` +
    `the guard's work beyond it: ${((r.guard.perTestMs - r.hook.perTestMs) * 1000).toFixed(1)} µs per test`)
  return okTest && okFile
}

let idle: IdleTree | undefined
async function main(): Promise<void> {
  console.log(`guard benchmark — ${new Date().toISOString()}, Node ${process.version}, ${FILES} files × ${TESTS} tests that start nothing, ${ROUNDS} rounds, load ${load()}`)
  mkdirSync(generated, { recursive: true })
  for (let i = 0; i < FILES; i++) copyFileSync(join(suite, 'trivial.spec.template.ts'), join(generated, `trivial-${i}.spec.ts`))
  const quiet = await compare('as the machine is')
  console.log(`starting ${IDLE} idle processes…`)
  idle = await IdleTree.start([IDLE - 1], IDLE, BOUND_MS)
  const busy = await compare(`with ${IDLE} idle processes`)
  await idle.stop(BOUND_MS)
  idle = undefined
  console.log('')
  const ok = [verdict('As the machine is', quiet), verdict(`With ${IDLE} more idle processes`, busy)].every(Boolean)
  if (!ok) process.exitCode = 1
}

process.on('SIGINT', () => void (idle?.release(BOUND_MS) ?? Promise.resolve()).finally(() => process.exit(130)))
try {
  await main()
} catch (error) {
  process.exitCode = 1
  console.error(error)
} finally {
  await idle?.release(BOUND_MS)
  rmSync(generated, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
}
