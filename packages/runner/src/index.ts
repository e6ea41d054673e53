export {
  runFixture,
  startFixture,
  type FixtureRun,
  type WaitCondition,
  type WaitForOptions,
} from './run/start-fixture.js'
export type { OutputMatch, OutputStream, WaitForOutputOptions } from './run/wait-for-output.js'
export {
  observeDescendants,
  type Observation,
  type ObserveOptions,
  type ObservedProcess,
} from './observe/observe-descendants.js'
export { resolveOptions, defaultOptions, type RunOptions, type ResolvedOptions, type CaptureMode } from './options.js'
export {
  ProclifeError,
  TargetError,
  InterpreterError,
  OptionError,
  WaitForTimeoutError,
  SentinelLostError,
  GroupSignalError,
  TerminalUnavailableError,
  type TargetErrorReason,
} from './errors.js'
export { resolveTarget, type Target, type ResolvedTarget } from './target/resolve-target.js'
export { resolveInterpreter, type ResolvedInterpreter, type InterpreterKind } from './target/interpreters.js'
// The report core is its own package; the runner hands its reports out with the names that read them.
export {
  processOf,
  reportOf,
  drawProcesses,
  drawRecordTree,
  peakConcurrency,
  formatTimeline,
  describeVerdict,
  REPORT_SCHEMA,
  type ProcessLookup,
  type RunReportWithLookup,
  type DrawOptions,
  type RecordTreeOptions,
  type RunView,
  type TimelineOptions,
} from '@proclife/report'
export type * from '@proclife/report'
export { pythonHelperDir, nodeCheckpointModule, cCheckpointHeader } from './run/environment.js'
export {
  ensureSentinel,
  resolveSentinel,
  startSentinel,
  SentinelUnavailableError,
  type Sentinel,
  type SentinelResolution,
  type StartSentinelOptions,
} from '@proclife/sentinel'

export {
  discoverInterpreters,
  type DiscoveredInterpreter,
  type Discovery,
  type DiscoverOptions,
  type InterpreterSource,
  type MatrixKind,
  type SkippedCandidate,
} from './matrix/discover-interpreters.js'
export {
  selectInterpreters,
  selectionEntries,
  isVersionEntry,
  KIND_NAMES,
  type InterpreterSelection,
  type PythonSelection,
  type SelectedInterpreter,
} from './matrix/select-interpreters.js'
export { runMatrix, runOnInterpreter, onInterpreter, matrixKindOf, type MatrixOptions } from './matrix/run-matrix.js'
export { interpreterFor } from './matrix/interpreter-by-version.js'
export {
  MATRIX_COLUMNS,
  cellValue,
  exceptionOf,
  type Matrix,
  type MatrixCell,
  type MatrixColumn,
} from './matrix/matrix-cells.js'
export { compareVersions, versionAtLeast, versionMatches } from './matrix/versions.js'
