import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** `readProcFile` result: the file (and so the process or thread) no longer exists. */
export const GONE = -1
/** `readProcFile` result: the file exists but may not be read (another user's process, `hidepid`). */
export const DENIED = -2

let scratch: Buffer = Buffer.allocUnsafe(4096)
let owner: number | undefined

/**
 * The buffer the last `readProcFile` filled. It is shared and overwritten by the next read, so parse
 * before reading again.
 */
export function procBuffer(): Buffer {
  return scratch
}

/** The owner (uid) of the file the last `readProcFile(path, { owner: true })` read. */
export function procFileOwner(): number | undefined {
  return owner
}

/** How `readProcFile` reads. */
export interface ReadProcFileOptions {
  /** Also read the file's owner from the open descriptor (see `procFileOwner`). */
  readonly owner?: boolean
  /**
   * The file is produced whole by one read (`stat`, `cmdline`), so a read that leaves room in the
   * buffer is the end. Not so for seq_file lists such as `children`, which stop at page boundaries.
   */
  readonly oneRead?: boolean
}

/**
 * Reads a whole `/proc` file into the shared buffer with one `open`, as few `read`s as its size needs
 * and one `close` — measurably the cheapest way from Node. With `owner`, also reads the file's owner
 * from the open descriptor: for `/proc/PID/stat` that is the process's uid, without a `stat` of the
 * directory.
 *
 * @returns the number of bytes read, or `GONE` / `DENIED`.
 */
export function readProcFile(path: string, options: ReadProcFileOptions = {}): number {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    return failure(error)
  }
  try {
    if (options.owner) owner = fstatSync(fd).uid
    let length = 0
    for (;;) {
      if (length === scratch.length) scratch = grow(scratch)
      const room = scratch.length - length
      const n = readSync(fd, scratch, length, room, null)
      length += n
      // Skipping the read that would return 0 saves a syscall (and, for cmdline, a second look
      // into the other process's memory).
      if (n === 0 || (options.oneRead && n < room)) return length
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
