export { defineLab, loadLab, LabError, type LoadedLab } from './load-lab.js'
export {
  labSchema,
  checkKindNames,
  type Lab,
  type LabInput,
  type Exercise,
  type Check,
  type CheckInput,
  type Step,
  type Limits,
  type CheckKind,
  type LabPython,
  type LabNode,
  type LabInterpreterVersion,
} from './schema.js'
export {
  gradeSubmission,
  defaultLimits,
  type ResolvedLimits,
  type GradeResult,
  type ExerciseResult,
  type CheckResult,
  type GradeOptions,
} from './grade.js'
export { gradeSubmissions, defaultConcurrency, type GradeManyOptions, type SubmissionOutcome } from './batch.js'
export { evaluateCheck, describeCheck, resolveCheck, type CheckOutcome, type Observed } from './checks.js'
export type { ResolvedCheck } from './legacy-checks.js'
export {
  switchUser,
  asUser,
  cannotSwitchUsers,
  defaultRunUser,
  GraderError,
  AUTO_UID_BASE,
  type RunUser,
  type SwitchedUser,
} from './user.js'
export {
  chooseInterpreter,
  defaultInterpreterCommand,
  type ChosenInterpreter,
  type InterpreterKind,
} from './choose-interpreter.js'
export { planGrading, type GradingPlan } from './plan.js'
export {
  privateMountsAvailable,
  createPrivateMounts,
  gradingTmp,
  hiddenByPrivateTmp,
  type PrivateMounts,
  type PrivateMountsOptions,
} from './private-mounts.js'
export {
  networkNamespace,
  ipcNamespace,
  prlimitAvailable,
  probeContainment,
  createPidsCgroup,
  createMemoryCgroup,
  removeStaleCgroups,
  processesWithToken,
  type PidsCgroup,
  type MemoryCgroup,
} from './contain.js'
export { removeStaleRunFolders } from './temp-copies.js'
export { writeResultFile } from './results-file.js'
export {
  copySubmission,
  surveySubmission,
  writeIntoCopy,
  submissionLimits,
  defaultSubmissionLimits,
  type SubmissionLimits,
  type Survey,
} from './copy-submission.js'
export {
  formatText,
  formatResult,
  toGradescope,
  toPrairieLearn,
  toGitHubClassroom,
  toJUnit,
  explainFailure,
  formatNames,
  type FormatName,
} from './formats.js'
export { proveLab, type LabProof, type ProofCase, type ProveOptions } from './prove.js'
export { failureHtml, svgDataUrl, pictureFiles, type PictureFile } from './feedback-pictures.js'
export { labPython, describeLabPython, fitsLabPython } from './lab-python.js'
export { labInterpreter, describeLabInterpreter, fitsLabInterpreter } from './lab-interpreter.js'
export { proveLabOn, type InterpreterProof } from './prove-matrix.js'
export {
  summarizeClass,
  type ClassSummary,
  type ClassCheck,
  type ClassSubmission,
  type TypicalFailure,
} from './class-report/summarize.js'
export { renderClassReport } from './class-report/render-html.js'
