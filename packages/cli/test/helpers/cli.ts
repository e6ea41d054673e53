import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'

/** The CLI's entry, run from its sources. */
export const cliBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'bin.ts')

/**
 * Runs the CLI as a user would, in a pipe (no colour, no progress line), never rejecting: the test
 * reads the exit code. `env` adds to the environment, or unsets a variable with `undefined`.
 */
export const proclifeWith = (env: Record<string, string | undefined> = {}) => (...args: string[]) =>
  execa(process.execPath, ['--conditions=@proclife/source', '--import', 'tsx', cliBin, ...args], { reject: false, env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } })

/** {@link proclifeWith} with the environment as it is (colour variables unset). */
export const proclife = proclifeWith()
