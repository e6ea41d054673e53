export { bootTime, clockTicksPerSecond } from './clock.js'
export { procBackend } from './proc-backend.js'
export { readProcessSync } from './read-process.js'
export { snapshotSync, subtreeSync } from './snapshot.js'
