import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// The suite bench/soak-in-place.ts repeats with every core busy: the in-place APIs as a user has
// them (the matchers and the leak guard in setupFiles), on a correct pool and on one whose
// terminate() resolves before its workers exit, and the guard's two cases. Never run by the
// repository's own test command.
const conditions = ['@proclife/source']

export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-soak-in-place-vite-cache'),
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['*.spec.ts'],
    setupFiles: ['../../packages/vitest/src/index.ts', '../../packages/vitest/src/guard.ts'],
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
