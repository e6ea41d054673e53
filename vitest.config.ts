import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// One root command runs every package's tests and the acceptance suite in test/.
export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources, so tests never need a build.
    conditions: ['@proclife/source'],
  },
  ssr: {
    resolve: {
      conditions: ['@proclife/source'],
      externalConditions: ['@proclife/source'],
    },
  },
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/vitest.config.ts', 'test/journey/vitest.config.ts'],
    // At least three test files at a time. Vitest's default is cores - 1: one on a 2-core machine, where the
    // suite ran file after file though much of its time is spent waiting for the processes it
    // starts (a fixture's sleep, a settle bound, a child vitest): the acceptance project took 207 s
    // with one worker and 77 s with three, back to back at load 15. The long suite passes
    // --maxWorkers=1: its soaks make their own load and are bounded for running alone. The CLI's
    // project runs one file at a time, apart (see its config).
    maxWorkers: Math.max(3, availableParallelism() - 1),
    // Our tests start real processes: a stuck one must fail, not hang CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
