import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'grader',
    include: ['test/**/*.test.ts'],
    // test/vitest-mode.test.ts runs vitest on these itself; they are not tests of this project.
    exclude: ['test/e2e-fixtures/**'],
    // A second real Node (22) for the labs that name their Node (test/lab-node.test.ts).
    globalSetup: ['../../test/setup/second-node.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})
