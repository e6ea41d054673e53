import { execa, type Options } from 'execa'
import { inject } from 'vitest'

/**
 * The command line that starts the CLI under test, before its own arguments: this Node and the
 * CLI bundled from its sources by the project's global set-up (test/setup/cli-bundle.ts).
 */
export const cliArgv = (): [node: string, bundle: string] => [process.execPath, inject('cliBundle')]

/** Runs `proclife ...args` with execa's `options`, never rejecting: the test reads the exit code. */
export const runCli = <O extends Options>(args: readonly string[], options?: O) => {
  const [node, bundle] = cliArgv()
  return execa(node, [bundle, ...args], { reject: false, ...options } as O & { reject: false })
}

/**
 * Runs the CLI as a user would, in a pipe (no colour, no progress line), never rejecting: the test
 * reads the exit code. `env` adds to the environment, or unsets a variable with `undefined`.
 */
export const proclifeWith =
  (env: Record<string, string | undefined> = {}) =>
  (...args: string[]) =>
    runCli(args, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } })

/** {@link proclifeWith} with the environment as it is (colour variables unset). */
export const proclife = proclifeWith()
