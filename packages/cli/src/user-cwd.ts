import { dirname } from 'node:path'

/**
 * The directory the user typed the command in, against which every relative path on the command
 * line is resolved (and where a run starts).
 *
 * `npm run` and `npm exec` start a script in the package's root and keep the directory the user
 * was in as `INIT_CWD`. That variable is inherited by everything the script starts, so it is
 * trusted only while this process still sits in the package root npm moved to
 * (`npm_package_json`'s folder): a test that starts `proclife` elsewhere gets its own directory.
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const initCwd = env['INIT_CWD']
  const packageJson = env['npm_package_json']
  if (initCwd && packageJson && dirname(packageJson) === cwd) return initCwd
  return cwd
}
