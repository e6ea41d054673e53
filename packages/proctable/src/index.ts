export * from './types.js'
export { procBackend, readProcessSync, snapshotSync, subtreeSync, bootTime, clockTicksPerSecond } from './linux/index.js'
export { psBackend } from './ps/index.js'
export { defaultBackend } from './backend.js'
