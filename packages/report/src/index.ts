export type * from './types.js'
export { REPORT_SCHEMA } from './types.js'
export * from './protocol/events.js'
export { formatCommand, parseCommand, SentinelCommandError, type SentinelCommand } from './protocol/commands.js'
export { ProcessModel, keyOf, type TrackedProcess, type RawEvent } from './model.js'
export { applyEvent, type RawCheckpoint, type EventEffect } from './apply-event.js'
export { assignLabels } from './labels.js'
export { computeVerdict, neverReapedByParent, killedByOf, zombieHoldsLongerThan, sortIds } from './verdict.js'
export { buildReport, liveView, type ReportInput, type RunView, type CapturedOutput } from './build-report.js'
export { processOf, reportOf, attachLookup, type ProcessLookup, type RunReportWithLookup } from './lookup.js'
export { drawProcesses, drawRecordTree, type DrawOptions, type RecordTreeOptions } from './picture.js'
export { formatTimeline, type TimelineOptions } from './timeline.js'
export { peakConcurrency, type PeakConcurrency, type PeakOptions } from './concurrency.js'
export { matchesFilter, describeFilter, isProcessFilter, type ProcessFilter } from './process-filter.js'
export { lastGroup, leadsOwnGroup } from './groups.js'
export { continuedStop } from './stops.js'
export { foregroundAt, heldTerminal } from './terminal.js'
export { KEYS, isKeyName, describeKeys, type KeyName } from './keys.js'
export { signalName, normaliseSignal } from './signals.js'
export {
  describeStatus,
  describeExit,
  describeRootExit,
  describeReaper,
  describeReapedBy,
  describeVerdict,
  describeVerdictParts,
  type VerdictPart,
  describeZombie,
  countIds,
  describeStop,
  describeStoppedThenContinued,
  describeReaperPid,
  describeParent,
  describeParentHistory,
  describeReaping,
  processNotes,
  UNDETERMINED_WORDS,
  EXISTED_BEFORE_WORDS,
  describeForeground,
  describeTyped,
  type NoteContext,
  type NoteOptions,
} from './words.js'
export { programArgv, programOf, programLine, runCommand, runTitle } from './program.js'
export { stateAtCheckpoint, type CheckpointLife, type CheckpointState } from './checkpoint-state.js'
export { SETTLE_MS, describeLeftRunningRule, type ObservationEnd } from './settle.js'
export { replayEvents, type ReplayOptions } from './replay.js'
export { renderSvg, type SvgOptions } from './svg/render-svg.js'
export { renderHtmlPage } from './svg/html-page.js'
export { escapeXml } from './svg/xml.js'
/** The one function that shows a run's strings safely as text (re-exported from `@proclife/proctable`, which draws trees). */
export { visible, type VisibleOptions } from '@proclife/proctable'
export {
  checks,
  checkList,
  checkOfLabKey,
  checkOfAssertName,
  checksOfMatcher,
  type CheckId,
} from './checks/registry.js'
export {
  evaluateCheck,
  describeOutcome,
  describeMissing,
  findProcess,
  type CheckDefinition,
  type RunCheck,
  type ProcessCheck,
  type CheckOutcome,
  type CheckContext,
  type CheckNames,
  type Missing,
} from './checks/define.js'
export { exitOf, type ExitFacts } from './checks/exit-checks.js'
export { checkTable } from './checks/table.js'
export { processId } from './checks/params.js'
