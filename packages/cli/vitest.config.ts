import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // On CI, installs Debian's chromium for the browser test, best effort (see the file).
    globalSetup: ['test/setup/install-chromium.ts', '../../test/setup/second-node.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
