// What the leak guard costs a suite: per file (its setup) and per test that starts nothing, as
// differences and ratios against the same suite without the guard, measured in the same run; and
// what its search after a test that started a process costs. On the machine as it is, then with
// 5,000 unrelated idle processes.
//   pnpm bench:guard [files] [tests per file] [rounds]   (node --conditions=@proclife/source --import tsx bench/guard.ts)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { findStarted } from '../packages/vitest/src/guard/find-started.js'
import { readLastPid } from '../packages/vitest/src/guard/pid-window.js'
import {
  generate,
  installPackage,
  median,
  removeGenerated,
  runSuite as runGuardSuite,
  type Measure,
} from './guard-suite/run.js'
import { IdleTree } from './idle-tree.js'

const FILES = Number(process.argv[2] ?? 10)
const TESTS = Number(process.argv[3] ?? 300)
const ROUNDS = Number(process.argv[4] ?? 3)
/** Searches timed per phase (each after one short process was started and reaped). */
const SEARCHES = 200
const IDLE = 5000
const BOUND_MS = 120_000
/** The targets of issue 17. */
const TARGET = { perTestMs: 0.1, perFileMs: 20 }

const scratch = mkdtempSync(join(tmpdir(), 'proclife-bench-guard-'))

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`
const ms = (value: number): string => `${value.toFixed(2)} ms`
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`

/** `guard`: the built package as installed; `source`: its TypeScript sources; `hook`: an empty hook. */
type Variant = 'plain' | 'guard' | 'source' | 'hook'
const VARIANT_ENV: Record<Variant, string> = { plain: '0', guard: '1', source: 'source', hook: 'hook' }

/** Runs the suite once; the medians over its files. */
function runSuite(variant: Variant, round: number): Promise<Measure> {
  return runGuardSuite(VARIANT_ENV[variant], {
    files: FILES,
    tests: TESTS,
    out: join(scratch, `${variant}-${round}-${Date.now()}.jsonl`),
  })
}

interface Results {
  readonly suites: Record<Variant, Measure>
  readonly search: Search
}
const VARIANTS: readonly Variant[] = ['plain', 'guard', 'source', 'hook']

/** The four suites, alternated `ROUNDS` times, the median of each; then the search. */
async function compare(label: string): Promise<Results> {
  const runs: Record<Variant, Measure[]> = { plain: [], guard: [], source: [], hook: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of VARIANTS) runs[variant].push(await runSuite(variant, round))
    const line = VARIANTS.map((v) => `${v} ${ms(runs[v].at(-1)!.setupMs)} setup, ${us(runs[v].at(-1)!.perTestMs)}/test`)
    console.log(
      `  ${label}, round ${round + 1}/${ROUNDS} (medians over ${FILES} files): ${line.join('; ')}; load ${load()}`,
    )
  }
  const pick = (list: readonly Measure[]): Measure => ({
    setupMs: median(list.map((m) => m.setupMs)),
    perTestMs: median(list.map((m) => m.perTestMs)),
  })
  const search = timeSearch()
  console.log(
    `  ${label}, the search: ${us(search.windowMs)} over a window of ${search.window} pids (${us(search.againMs)} again); ${ms(search.tableMs)} over the whole table (${search.table} processes)`,
  )
  return {
    suites: { plain: pick(runs.plain), guard: pick(runs.guard), source: pick(runs.source), hook: pick(runs.hook) },
    search,
  }
}

interface Search {
  /** Median time of the guard's search after a test that started one process, which ended. */
  readonly windowMs: number
  /**
   * The same search repeated at once: without what the first one pays for the spawn before it (the
   * copy-on-write faults a fork leaves the parent), which has nothing to do with the search.
   */
  readonly againMs: number
  /** Median number of pids in that window (the machine's other forks land there too). */
  readonly window: number
  /** Median time of a search over the whole table: the fallback where `ns_last_pid` cannot be read. */
  readonly tableMs: number
  readonly table: number
}

/**
 * Times the guard's own search (`findStarted`, as it runs after a test) in this process: `SEARCHES`
 * times, start one short process and wait for it, then look for what it left over the pids handed
 * out meanwhile; and, for contrast, a search over the whole table.
 */
function timeSearch(): Search {
  const windowMs: number[] = []
  const againMs: number[] = []
  const windows: number[] = []
  for (let i = 0; i < SEARCHES; i++) {
    const from = readLastPid()
    spawnSync('true')
    const to = readLastPid()
    const t0 = performance.now()
    const found = findStarted({ from, to, token: 'proclife-bench', exclude: new Set() })
    windowMs.push(performance.now() - t0)
    const t1 = performance.now()
    findStarted({ from, to, token: 'proclife-bench', exclude: new Set() })
    againMs.push(performance.now() - t1)
    if (found.length > 0) throw new Error(`the search found ${found.length} processes where there were none`)
    if (from !== undefined && to !== undefined) windows.push(to - from)
  }
  const tableMs: number[] = []
  let table = 0
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now()
    findStarted({ from: undefined, to: undefined, token: 'proclife-bench', exclude: new Set() })
    tableMs.push(performance.now() - t0)
    table = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length
  }
  return {
    windowMs: median(windowMs),
    againMs: median(againMs),
    window: median(windows),
    tableMs: median(tableMs),
    table,
  }
}

/** Prints one phase's figures and whether the targets were met. */
function verdict(label: string, { suites: r, search }: Results): boolean {
  const perFile = r.guard.setupMs - r.plain.setupMs
  const perTest = r.guard.perTestMs - r.plain.perTestMs
  const okFile = perFile <= TARGET.perFileMs
  const okTest = perTest <= TARGET.perTestMs
  console.log(`${label}:`)
  console.log(
    `  per file, the guard as installed adds ${ms(perFile)} of setup (target ≤ ${TARGET.perFileMs} ms): ${okFile ? 'met' : 'MISSED'}` +
      ` — ${ms(r.guard.setupMs)} with it, ${ms(r.plain.setupMs)} without (${ratio(r.guard.setupMs, r.plain.setupMs)})`,
  )
  console.log(
    `    for comparison: the guard from its TypeScript sources adds ${ms(r.source.setupMs - r.plain.setupMs)}; a setup file with one empty hook adds ${ms(r.hook.setupMs - r.plain.setupMs)}`,
  )
  console.log(
    `  per test that starts nothing, the guard adds ${us(perTest)} (target ≤ ${us(TARGET.perTestMs)}): ${okTest ? 'met' : 'MISSED'}` +
      ` — ${us(r.guard.perTestMs)} with it, ${us(r.plain.perTestMs)} without (${ratio(r.guard.perTestMs, r.plain.perTestMs)}); an empty hook adds ${us(r.hook.perTestMs - r.plain.perTestMs)}`,
  )
  console.log(
    `  after a test that started a process, the search takes ${us(search.windowMs)} (a window of ${search.window} pids; ${us(search.againMs)} repeated at once); ` +
      `over the whole table, where ns_last_pid cannot be read, ${ms(search.tableMs)} (${search.table} processes)`,
  )
  return okTest && okFile
}

let idle: IdleTree | undefined
let cleaned = false
/** Stops the idle processes (by identity, bounded) and removes what the bench wrote; once. */
async function cleanUp(): Promise<void> {
  if (cleaned) return
  cleaned = true
  try {
    await idle?.release(BOUND_MS)
  } finally {
    removeGenerated()
    rmSync(scratch, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  console.log(
    `guard benchmark — ${new Date().toISOString()}, Node ${process.version}, ${FILES} files × ${TESTS} tests that start nothing, ${ROUNDS} rounds, ` +
      `${SEARCHES} searches; load ${load()}`,
  )
  await installPackage()
  generate(FILES)
  const quiet = await compare('as the machine is')
  console.log(`starting ${IDLE} idle processes (bench/idle-tree.py)…`)
  idle = await IdleTree.start([IDLE - 1], IDLE, BOUND_MS)
  const busy = await compare(`with ${IDLE} idle processes`)
  await idle.stop(BOUND_MS)
  idle = undefined
  console.log('')
  const ok = [verdict('As the machine is', quiet), verdict(`With ${IDLE} more idle processes`, busy)].every(Boolean)
  console.log(
    `The search after a test that started a process, with ${IDLE} idle processes against without: ${us(busy.search.windowMs)} against ${us(quiet.search.windowMs)}` +
      ` = ${ratio(busy.search.windowMs, quiet.search.windowMs)}; repeated at once ${ratio(busy.search.againMs, quiet.search.againMs)}` +
      ' (it reads only the pids handed out during the test: it should not grow with the processes on the machine, only with the load).',
  )
  console.log(
    ok
      ? 'Both targets met in both phases.'
      : "A target was MISSED (see above); the machine's load is printed at each round.",
  )
  if (!ok) process.exitCode = 1
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)))
}
try {
  await main()
} catch (error) {
  process.exitCode = 1
  console.error(error)
} finally {
  await cleanUp()
}
