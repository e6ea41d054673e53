import { closeSync, rmSync, writeSync } from 'node:fs'
import { createExclusive } from './copy-submission.js'

/**
 * Writes a result file afresh: whatever stands at its name is removed first (a link as a link,
 * never followed: a link planted in the results folder cannot make the grader write elsewhere),
 * then the file is created exclusively, without following links. Throws (with the system's reason)
 * where that cannot be done, e.g. a folder stands at the name: the caller reports it for that
 * submission and goes on.
 */
export function writeResultFile(path: string, text: string): void {
  rmSync(path, { force: true })
  const fd = createExclusive(path)
  try {
    writeSync(fd, text)
  } finally {
    closeSync(fd)
  }
}
