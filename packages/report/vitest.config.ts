import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'report',
    include: ['test/**/*.test.ts'],
    // Pure data, no processes and no global state: the files share one worker's modules instead of
    // each loading the report core again (the project's vitest time: 50 s isolated, 16–22 s shared,
    // back to back at load 20–28).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
