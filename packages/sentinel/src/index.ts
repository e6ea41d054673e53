export {
  compileSentinel,
  sentinelCacheDir,
  sentinelSourceHash,
  sentinelSourceDir,
  SentinelUnavailableError,
  SENTINEL_CFLAGS,
  type EnsureSentinelOptions,
  type SentinelUnavailableReason,
} from './build-sentinel.js'
export { ensureSentinel, resolveSentinel, type SentinelResolution } from './resolve-sentinel.js'
export { findPrebuiltSentinel, prebuiltPackageName, type PrebuiltManifest, type PrebuiltSentinel } from './prebuilt.js'
export {
  formatCommand,
  parseCommand,
  SentinelCommandError,
  SENTINEL_PROTOCOL,
  type SentinelCommand,
} from '@proclife/report'
export {
  parseSentinelEvent,
  isEvent,
  checkProtocol,
  SentinelProtocolError,
  type SentinelEvent,
  type SentinelEventName,
  type SentinelStatus,
  type SentinelTreeEntry,
} from '@proclife/report'
export {
  startSentinel,
  type Sentinel,
  type SentinelExit,
  type StartSentinelOptions,
  type WaitForOptions,
} from './sentinel.js'
export { startNodeSentinel, type NodeSentinel, type NodeSentinelOptions } from './fallback/node-sentinel.js'
export type { SentinelLike } from './fallback/sentinel-like.js'
