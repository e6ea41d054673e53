import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'proctable',
    include: ['test/**/*.test.ts'],
    // The files share their worker's modules instead of each loading the runner's again (every
    // test restores what it changes in process.env; the modules keep no state a test could see).
    // Passed twice in a row this way, all 214 tests of runner, proctable and sentinel, at load 20–40.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
