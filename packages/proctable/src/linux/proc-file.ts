import { closeSync, openSync, readSync } from 'node:fs'

/** `readProcFile` result: the file (and so the process or thread) no longer exists. */
export const GONE = -1
/** `readProcFile` result: the file exists but may not be read (another user's process, `hidepid`). */
export const DENIED = -2

let scratch: Buffer = Buffer.allocUnsafe(4096)

/**
 * The buffer the last `readProcFile` filled. It is shared and overwritten by the next read, so parse
 * before reading again.
 */
export function procBuffer(): Buffer {
  return scratch
}

/**
 * Reads a whole `/proc` file into the shared buffer with one `open`, as few `read`s as its size needs
 * (one for `stat` and `children`) and one `close` — measurably the cheapest way from Node.
 *
 * @returns the number of bytes read, or `GONE` / `DENIED`.
 */
export function readProcFile(path: string): number {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    return failure(error)
  }
  try {
    let length = 0
    for (;;) {
      if (length === scratch.length) scratch = grow(scratch)
      const n = readSync(fd, scratch, length, scratch.length - length, null)
      if (n === 0) return length
      length += n
    }
  } catch (error) {
    return failure(error)
  } finally {
    closeSync(fd)
  }
}

function grow(buffer: Buffer): Buffer {
  const larger = Buffer.allocUnsafe(buffer.length * 2)
  buffer.copy(larger)
  return larger
}

function failure(error: unknown): number {
  switch ((error as NodeJS.ErrnoException).code) {
    // A process that exits between readdir and open (ENOENT) or while its file is open (ESRCH).
    case 'ENOENT':
    case 'ESRCH':
      return GONE
    case 'EACCES':
    case 'EPERM':
      return DENIED
    default:
      throw error
  }
}
