// What registering the matchers costs a test file: vitest's setup time per file with the matchers
// entry (`@proclife/vitest`, which loads the matchers on first use), with the guard entry, with
// both, and with the matchers loaded up front as the entry did before (`eager`), each against the
// same suite without any, measured in the same run, as a user installs the package (built
// JavaScript in node_modules). The first file of each suite uses a matcher once: what that first
// use costs is printed too (it is paid once per file that uses one, not by every file).
//   pnpm bench:matchers-load [files] [rounds]   (node --conditions=@proclife/source --import tsx bench/matchers-load.ts)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { generate, installPackage, median, removeGenerated, runSuite, type Measure } from './guard-suite/run.js'

const FILES = Number(process.argv[2] ?? 20)
const ROUNDS = Number(process.argv[3] ?? 3)
/** Tests per file: one trivial test (the cost measured is the file's, not its tests'). */
const TESTS = 1
/** The target of issue 30: the matchers entry costs a file at most what the guard entry does, ≤ 20 ms. */
const TARGET_MS = 20

const VARIANTS = { plain: '0', guard: '1', matchers: 'matchers', both: 'both', eager: 'eager' } as const
type Variant = keyof typeof VARIANTS
const scratch = mkdtempSync(join(tmpdir(), 'proclife-bench-matchers-'))
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const ms = (value: number): string => `${value.toFixed(2)} ms`

async function main(): Promise<void> {
  console.log(
    `matchers-load benchmark — ${new Date().toISOString()}, Node ${process.version}, ${FILES} files × ${TESTS} test, ${ROUNDS} rounds; load ${load()}`,
  )
  await installPackage()
  generate(FILES)
  const runs: Record<Variant, Measure[]> = { plain: [], guard: [], matchers: [], both: [], eager: [] }
  const firstUse: Record<Variant, number[]> = { plain: [], guard: [], matchers: [], both: [], eager: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      const out = join(scratch, `${variant}-${round}.jsonl`)
      const used = join(scratch, `${variant}-${round}.first-use`)
      const matcher = variant === 'matchers' || variant === 'both' || variant === 'eager'
      runs[variant].push(
        await runSuite(VARIANTS[variant], {
          files: FILES,
          tests: TESTS,
          out,
          env: matcher ? { BENCH_MATCHER: '1', BENCH_FIRST_USE: used } : {},
        }),
      )
      if (matcher && existsSync(used)) firstUse[variant].push(Number(readFileSync(used, 'utf8').trim()))
    }
    console.log(
      `  round ${round + 1}/${ROUNDS} (setup, median over ${FILES} files): ` +
        `${(Object.keys(VARIANTS) as Variant[]).map((v) => `${v} ${ms(runs[v].at(-1)!.setupMs)}`).join('; ')}; load ${load()}`,
    )
  }
  const setup = (v: Variant): number => median(runs[v].map((m) => m.setupMs))
  const added = (v: Variant): number => setup(v) - setup('plain')
  console.log('')
  console.log(`Per file, vitest's setup time added to a suite with neither entry (${ms(setup('plain'))}):`)
  console.log(`  the matchers entry (@proclife/vitest):   +${ms(added('matchers'))}`)
  console.log(`  the guard entry (@proclife/vitest/guard): +${ms(added('guard'))}`)
  console.log(`  both entries:                             +${ms(added('both'))}`)
  console.log(`  the matchers loaded up front (before):    +${ms(added('eager'))}`)
  console.log(
    `The first use of a matcher in a file (the lazy entry loads them then, synchronously): ${ms(median(firstUse.matchers))}; ` +
      `with them loaded up front: ${ms(median(firstUse.eager))}`,
  )
  const ok = added('matchers') <= Math.max(TARGET_MS, added('guard'))
  console.log(
    ok
      ? `Target met: the matchers entry adds at most ${TARGET_MS} ms (or the guard entry's cost) per file.`
      : `Target MISSED: the matchers entry adds more than ${TARGET_MS} ms per file.`,
  )
  if (!ok) process.exitCode = 1
}

try {
  await main()
} catch (error) {
  process.exitCode = 1
  console.error(error)
} finally {
  removeGenerated()
  rmSync(scratch, { recursive: true, force: true })
}
