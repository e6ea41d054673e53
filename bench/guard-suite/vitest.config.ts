import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// The suite bench/guard.ts runs with the leak guard as a user installs it (BENCH_GUARD=1: the built
// package, which the bench copies into node_modules/ here, so that vitest loads it as it loads any
// dependency), with the guard from its TypeScript sources (source), without it (0), and with an
// empty hook in its place (hook): the same files, the same trivial tests. The marks around the
// setup files time their import.
const variant: Record<string, string[]> = {
  0: [],
  1: ['@proclife/vitest/guard'],
  source: ['../../packages/vitest/src/guard.ts'],
  hook: ['./empty-hook.ts'],
  // bench/matchers-load.ts: the matchers entry, both entries, and the matchers loaded up front.
  matchers: ['@proclife/vitest'],
  both: ['@proclife/vitest', '@proclife/vitest/guard'],
  eager: ['./eager-matchers.ts'],
}
const guard = process.env['BENCH_GUARD'] ?? '0'
// Workspace sources only for the source variant: the others resolve nothing of the workspace.
const conditions = ['@proclife/source']
const sources = guard === 'source' ? { resolve: { conditions }, ssr: { resolve: { conditions, externalConditions: conditions } } } : {}

export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-bench-guard-vite-cache'),
  ...sources,
  test: {
    include: ['generated/*.spec.ts'],
    setupFiles: ['./mark-before.ts', ...variant[guard] ?? [], './mark-after.ts'],
    // One file at a time: a file's setup and its tests are then timed without a neighbour's.
    fileParallelism: false,
  },
})
