import { isAbsolute, join } from 'node:path'

// Where pictures go: a setting of its own, so that the setup entry can export it without loading
// the pictures themselves (they load with the matchers, at their first use).

/** The environment variable that names the folder for pictures (`off` writes none). */
export const PICTURES_VARIABLE = 'PROCLIFE_PICTURES'

let configured: string | false | undefined

/**
 * Where a failing test's picture goes: a folder (relative to the current directory, vitest's
 * root), or `false` to write none. Call it from a `setupFiles` module; the environment variable
 * `PROCLIFE_PICTURES` (a folder, or `off`) does the same from outside. `undefined` goes back to the
 * default, `node_modules/.proclife/pictures`.
 *
 * @example
 * setPictureFolder('test-results/proclife')
 */
export function setPictureFolder(folder: string | false | undefined): void {
  if (folder !== undefined && folder !== false && (typeof folder !== 'string' || folder === '')) {
    throw new TypeError(`setPictureFolder() takes a folder, false or undefined; received ${JSON.stringify(folder)}.`)
  }
  configured = folder
}

/** The folder pictures go to now, or `null` when they are off. */
export function pictureFolder(): string | null {
  const chosen = configured ?? process.env[PICTURES_VARIABLE] ?? join('node_modules', '.proclife', 'pictures')
  if (chosen === false || chosen === '' || chosen === 'off') return null
  return isAbsolute(chosen) ? chosen : join(process.cwd(), chosen)
}
