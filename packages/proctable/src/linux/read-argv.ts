import { DENIED, GONE, procBuffer, readProcFile } from './proc-file.js'

/**
 * Reads `/proc/PID/cmdline`: NUL-separated arguments, the trailing empty one dropped.
 *
 * @returns the argument vector; `null` when there is none to read (a zombie or kernel thread gives
 *   an empty file) or it is hidden from us; `undefined` when the process is gone.
 */
export function readArgv(pidDir: string): string[] | null | undefined {
  const length = readProcFile(`${pidDir}/cmdline`, { oneRead: true })
  if (length === GONE) return undefined
  if (length === DENIED || length === 0) return null
  const buffer = procBuffer()
  const argv: string[] = []
  let start = 0
  for (let i = 0; i < length; i++) {
    if (buffer[i] === 0) {
      argv.push(buffer.toString('utf8', start, i))
      start = i + 1
    }
  }
  // A process that rewrote its arguments (setproctitle) may not end them with a NUL.
  if (start < length) argv.push(buffer.toString('utf8', start, length))
  return argv
}
