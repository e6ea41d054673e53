import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'sentinel',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
