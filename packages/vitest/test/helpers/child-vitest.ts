import { createRequire } from 'node:module'
import { join } from 'node:path'

/** Vitest's own command, run with `process.execPath` by the tests that start a vitest of their own on a project. */
export const vitestBin = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs')
