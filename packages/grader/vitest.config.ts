import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'grader',
    include: ['test/**/*.test.ts'],
    // test/e2e-fixtures/ holds what test/vitest-mode.test.ts runs vitest on: *.spec.ts files, never
    // matched here. No `exclude` of our own: one would replace the command line's (`npm test`
    // leaves out *.long.test.ts with --exclude, which a project's own exclude overrides).
    // A second real Node (22) for the labs that name their Node (test/lab-node.test.ts).
    globalSetup: ['../../test/setup/second-node.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})
