import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// A small project as an instructor would set it up: a lab in a test file (lab.spec.ts).
// Run by test/vitest-mode.test.ts, never by the repository's own test command.
export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-e2e-grader-vite-cache'),
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    include: ['*.spec.ts'],
  },
})
