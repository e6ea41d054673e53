import type { Clause } from '../clause.js'
import { hangTimeout, maxWorkers, replacesCrashed } from './workers.js'
import { sigkillParent, signals } from './parent-death.js'
import { forceTerminate, reapsWorkers, terminateTwice, terminateWaits } from './termination.js'

/** Every clause of the pool contract, in the order its tests run. */
export const CLAUSES: readonly Clause[] = [
  terminateWaits,
  reapsWorkers,
  terminateTwice,
  forceTerminate,
  replacesCrashed,
  maxWorkers,
  hangTimeout,
  sigkillParent,
  signals,
]
