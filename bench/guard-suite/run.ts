// Shared by bench/guard.ts and bench/matchers-load.ts: the guard suite (this folder) as a user
// installs @proclife/vitest, run once per variant of its setup files (vitest.config.ts lists them).
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('../..', import.meta.url))
/** This folder. */
export const suite = fileURLToPath(new URL('.', import.meta.url))
/** Where the bench writes the suite's test files. */
export const generated = join(suite, 'generated')
// Where a user's install puts the package: vitest loads it from there as any dependency (plain
// JavaScript, imported by Node itself), not through its transform as it does the workspace's sources.
const installed = join(suite, 'node_modules', '@proclife', 'vitest')
const vitestBin = join(require.resolve('vitest/package.json'), '..', 'vitest.mjs')
const tscBin = join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc')

/** What one file of the suite wrote: its setup files' import time and its tests' time. */
export interface Sample { readonly setupMs: number; readonly testsMs: number; readonly tests: number }
/** Medians over a run's files. */
export interface Measure { readonly setupMs: number; readonly perTestMs: number }

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2
}

/** Builds the package and copies it where a user's install would put it (what `npm pack` ships: package.json, dist/ and src/). */
export async function installPackage(): Promise<void> {
  console.log('building @proclife/vitest (tsc -b) and copying it to guard-suite/node_modules/, as a user installs it…')
  await execa(process.execPath, [tscBin, '-b', join(root, 'packages/vitest/tsconfig.build.json')], { stdio: 'inherit' })
  mkdirSync(installed, { recursive: true })
  copyFileSync(join(root, 'packages/vitest/package.json'), join(installed, 'package.json'))
  for (const dir of ['dist', 'src']) cpSync(join(root, 'packages/vitest', dir), join(installed, dir), { recursive: true })
}

/** Writes `files` copies of the trivial test file to generated/. */
export function generate(files: number): void {
  rmSync(generated, { recursive: true, force: true }) // a run stopped outright may have left other counts
  mkdirSync(generated, { recursive: true })
  for (let i = 0; i < files; i++) copyFileSync(join(suite, 'trivial.spec.template.ts'), join(generated, `trivial-${i}.spec.ts`))
}

/** Removes what {@link installPackage} and {@link generate} wrote. */
export function removeGenerated(): void {
  rmSync(generated, { recursive: true, force: true })
  rmSync(join(suite, 'node_modules'), { recursive: true, force: true })
}

/** Runs the suite once with `variant`'s setup files (`BENCH_GUARD`); the medians over its `files` files. */
export async function runSuite(variant: string, options: { files: number; tests: number; out: string; env?: Record<string, string> }): Promise<Measure> {
  const result = await execa(process.execPath, [vitestBin, 'run', '--root', suite, '--reporter=dot'], {
    reject: false, all: true, env: { BENCH_GUARD: variant, BENCH_OUT: options.out, BENCH_TESTS: String(options.tests), CI: '1', NO_COLOR: '1', ...options.env },
  })
  if (result.exitCode !== 0) throw new Error(`the ${variant} suite failed:\n${result.all}`)
  const samples = readFileSync(options.out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Sample)
  if (samples.length !== options.files) throw new Error(`expected ${options.files} files timed, got ${samples.length}`)
  return { setupMs: median(samples.map((s) => s.setupMs)), perTestMs: median(samples.map((s) => s.testsMs / s.tests)) }
}
