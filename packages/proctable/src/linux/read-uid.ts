import { statSync } from 'node:fs'

/**
 * Reads the owner of `/proc/PID` with one `stat` call, cheaper than opening and parsing `status`.
 *
 * @returns the uid; `undefined` when the process is gone.
 */
export function readUid(pidDir: string): number | undefined {
  return statSync(pidDir, { throwIfNoEntry: false })?.uid
}
