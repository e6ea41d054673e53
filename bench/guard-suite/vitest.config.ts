import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// The suite bench/guard.ts runs with the leak guard (BENCH_GUARD=1), without it (0), and with an
// empty hook in its place (hook): the same files, the same trivial tests. The marks around the
// guard's setup file time its import.
const variant: Record<string, string[]> = { 0: [], 1: ['../../packages/vitest/src/guard.ts'], hook: ['./empty-hook.ts'] }

export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-bench-guard-vite-cache'),
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    include: ['generated/*.spec.ts'],
    setupFiles: ['./mark-before.ts', ...variant[process.env['BENCH_GUARD'] ?? '0'] ?? [], './mark-after.ts'],
    // One file at a time: a file's setup and its tests are then timed without a neighbour's.
    fileParallelism: false,
  },
})
