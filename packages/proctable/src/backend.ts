import { closeSync, openSync } from 'node:fs'
import { procBackend } from './linux/index.js'
import { psBackend } from './ps/index.js'
import type { ProcessTableBackend } from './types.js'

let chosen: ProcessTableBackend | undefined

/**
 * The best backend for this machine, chosen once: `/proc` on Linux when `/proc/self/stat` can be
 * read, `ps` everywhere else (macOS, the BSDs, a Linux container without `/proc`).
 */
export function defaultBackend(): ProcessTableBackend {
  chosen ??= process.platform === 'linux' && procIsReadable() ? procBackend : psBackend
  return chosen
}

function procIsReadable(): boolean {
  try {
    closeSync(openSync('/proc/self/stat', 'r'))
    return true
  } catch {
    return false
  }
}
