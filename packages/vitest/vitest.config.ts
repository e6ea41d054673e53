import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'vitest',
    include: ['test/**/*.test.ts'],
    // test/e2e-fixtures/ holds the projects the end-to-end tests run vitest on; their files are
    // *.spec.ts, never matched here. No `exclude` of our own: one would replace the command line's
    // (`npm test` leaves out *.long.test.ts with --exclude, which a project's own exclude overrides).
    setupFiles: ['./src/index.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
