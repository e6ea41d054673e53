export * from './types.js'
export {
  procBackend,
  readProcessSync,
  snapshotSync,
  subtreeSync,
  bootTime,
  clockTicksPerSecond,
} from './linux/index.js'
export { psBackend } from './ps/index.js'
export { defaultBackend } from './backend.js'
export { isSameProcess, identityOf, formatIdentity } from './identity.js'
export { buildTree, childrenOf, descendantsOf, ancestorsOf, type ProcessTree, type TreeNode } from './tree.js'
export { diffSnapshots, type SnapshotDiff } from './diff.js'
export { renderTree, type RenderTreeOptions } from './render.js'
export { visible, type VisibleOptions } from './visible.js'
export { findReaper, probeReaper, type Reaper } from './reaper.js'
export {
  hasEnded,
  signalProcess,
  signalProcessGroup,
  waitUntilEnded,
  terminateProcesses,
  type TerminateOptions,
  type GroupSignalOutcome,
} from './signal.js'
export { registerOwnProcess, isOwnProcess, ownProcesses, type OwnProcess } from './own-processes.js'
export { findByEnvironment } from './linux/find-by-token.js'
