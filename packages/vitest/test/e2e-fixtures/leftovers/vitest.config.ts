import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// Concurrent tests, a synchronous child and the picture attached to a leak, under the guard alone.
// Run by test/guard-leftovers.e2e.test.ts, never by the repository's own test command.
export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-e2e-vite-cache'),
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    include: ['*.spec.ts'],
    setupFiles: ['../../../src/guard.ts'],
    // A shared machine can be very busy: the first leak of a file loads the report core.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
