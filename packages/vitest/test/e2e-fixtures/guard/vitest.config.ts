import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// A small project as a user would set it up: the matchers and the leak guard in setupFiles.
// Run by test/guard.e2e.test.ts, never by the repository's own test command.
export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-e2e-vite-cache'),
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    include: ['*.spec.ts'],
    setupFiles: ['../../../src/index.ts', './setup-guard.ts'],
    sequence: { concurrent: false },
  },
})
