import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// The pool contract run on the wrong pools of test/fixtures/pool-contract, one file per pool, as
// a pool's maintainer runs it. Run by test/pool-contract/wrong-pools.long.test.ts.
export default defineConfig({
  cacheDir: join(tmpdir(), 'proclife-e2e-pool-contract-vite-cache'),
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    include: ['*.spec.ts'],
    testTimeout: 120_000,
  },
})
