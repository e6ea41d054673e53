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
    // Our tests start real processes: a stuck one must fail, not hang CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
