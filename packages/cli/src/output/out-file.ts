import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { InputError } from '../usage-error.js'

/**
 * Makes the folders a result file goes in (`--out results/alice.json` with no `results/` yet),
 * or the `--out` folder itself with `folder`. A path the grader cannot make (a file where a folder
 * should be, no permission) is the user's to fix: one line saying which path and why, before a
 * grade that would be lost.
 */
export function makeOutFolder(out: string, { folder = false }: { folder?: boolean } = {}): void {
  const dir = folder ? out : dirname(out)
  try {
    mkdirSync(dir, { recursive: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a file is in the way of a folder on that path'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (error as Error).message
    throw new InputError(`Cannot write the results to ${out}: ${why}. Pass --out a path in a folder you can write to.`)
  }
}
