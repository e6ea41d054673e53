import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// The suite of a worker pool's own repository, in small (`tiny-pool`, installed under
// node_modules/ as a dependency is): its early tests build pools they never destroy, its later
// ones are clean. Run by test/pool-suite.e2e.test.ts without the leak guard (POOL_GUARD unset),
// with it (1), and with it killing everything it finds (all).
const guard = process.env['POOL_GUARD']
export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-e2e-pool-vite-cache'),
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    include: ['*.spec.ts'],
    // The machine running our tests is loaded: a slow test is not what this suite is about.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['../../../src/index.ts', ...guard === '1' ? ['../../../src/guard.ts'] : guard === 'all' ? ['./guard-kill-all.ts'] : []],
  },
})
