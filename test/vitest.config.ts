import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'acceptance',
    include: ['*.test.ts'],
    exclude: ['**/node_modules/**'],
    setupFiles: ['./setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
