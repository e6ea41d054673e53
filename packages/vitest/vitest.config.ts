import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'vitest',
    include: ['test/**/*.test.ts'],
    // The end-to-end test runs vitest on these itself; they are not tests of this project.
    exclude: ['test/e2e-fixtures/**'],
    setupFiles: ['./src/index.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
