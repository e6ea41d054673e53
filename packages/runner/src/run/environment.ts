import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ResolvedOptions } from '../options.js'

const pythonHelpers = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'helpers', 'python')

/** Directory of the Python `proclife` helper module (`from proclife import checkpoint`). */
export const pythonHelperDir = pythonHelpers

/**
 * The Node checkpoint helper (`@proclife/runner/checkpoint`): one self-contained ES module, for
 * callers that make it importable where a fixture runs (the grader installs it as `proclife`).
 */
export const nodeCheckpointModule = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'helpers',
  'node',
  'checkpoint.mjs',
)

/**
 * The C checkpoint helper: the header-only `proclife.h` (`proclife_checkpoint(name)`), for C
 * programs; the grader puts it beside a lab's sources when the lab has a build.
 */
export const cCheckpointHeader = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'helpers', 'c', 'proclife.h')

/**
 * The fixture's environment: the caller's (unless `extendEnv: false`), the `env` option, and the
 * run's own variables: `PROCLIFE_RUN` (inherited by every descendant, so escaped processes can be
 * found), `PROCLIFE_CHECKPOINT` (the socket `checkpoint()` talks to) and the helper module on
 * `PYTHONPATH`.
 */
export function fixtureEnvironment(
  options: ResolvedOptions,
  runId: string,
  socketPath: string,
): Record<string, string> {
  const env: Record<string, string> = {}
  const merge = (source: Readonly<Record<string, string | undefined>>): void => {
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined) delete env[name]
      else env[name] = value
    }
  }
  if (options.extendEnv) merge(process.env)
  merge(options.env)
  env['PROCLIFE_RUN'] = runId
  env['PROCLIFE_CHECKPOINT'] = socketPath
  env['PYTHONPATH'] = env['PYTHONPATH'] ? `${env['PYTHONPATH']}${delimiter}${pythonHelpers}` : pythonHelpers
  return env
}
