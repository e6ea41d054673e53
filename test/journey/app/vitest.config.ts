import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    setupFiles: ['@proclife/vitest', '@proclife/vitest/guard'],
    testTimeout: 60_000,
  },
})
