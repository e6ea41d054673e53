import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['@proclife/source'] },
  ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } },
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // The files share their worker's modules (the CLI runs in processes of its own; no test changes
    // process.env or other state a later file could see).
    isolate: false,
    // Files run three at a time like the rest of the suite. Each test starts the CLI as a user does,
    // but from one bundled file (test/setup/cli-bundle.ts): through tsx, a start loaded ~400 modules
    // (2 s of CPU at load 12) and three of these files at once pushed tests past their bounds.
    // First the bundle; on CI, installs Debian's chromium for the browser test, best effort (see the file).
    globalSetup: ['test/setup/cli-bundle.ts', 'test/setup/install-chromium.ts', '../../test/setup/second-node.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
