import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, isAbsolute, join, resolve } from 'node:path'

/** True if `path` is a regular file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Finds a command the way `execvp` would: a name with a slash is taken as a path (relative to
 * `cwd`), anything else is looked up on `PATH`. Returns the absolute path, or undefined.
 */
export function findExecutable(command: string, cwd: string, path = process.env['PATH'] ?? ''): string | undefined {
  if (command.includes('/')) {
    const full = isAbsolute(command) ? command : resolve(cwd, command)
    return isExecutableFile(full) ? full : undefined
  }
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    const full = join(isAbsolute(dir) ? dir : resolve(cwd, dir), command)
    if (isExecutableFile(full)) return full
  }
  return undefined
}
