import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // One file at a time, in a group of its own (the rest of the suite runs three at a time): each
    // test starts the CLI as a user does, a Node that loads ~400 modules through tsx, 2 s of CPU at
    // load 12. Three of these files at once at load 20 pushed 6 tests past their 60 s bound.
    maxWorkers: 1,
    // On CI, installs Debian's chromium for the browser test, best effort (see the file).
    globalSetup: ['test/setup/install-chromium.ts', '../../test/setup/second-node.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
