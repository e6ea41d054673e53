import type { ProcessTableBackend } from '../types.js'
import { readProcessSync } from './read-process.js'
import { snapshotSync, subtreeSync } from './snapshot.js'

/**
 * The Linux backend: reads `/proc` directly. Its promises wrap the synchronous readers, which are
 * faster than Node's asynchronous file API for the many tiny files `/proc` consists of.
 */
export const procBackend: ProcessTableBackend = {
  name: 'proc',
  snapshot: async (options) => snapshotSync(options),
  subtree: async (pid, options) => subtreeSync(pid, options),
  readProcess: async (pid, options) => readProcessSync(pid, options),
}
