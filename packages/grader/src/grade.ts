import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, lchownSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { drawProcesses, formatTimeline, pythonHelperDir, resolveOptions, resolveTarget, startFixture, TerminalUnavailableError, type FixtureRun, type RunReport } from '@proclife/runner'
import { terminateProcesses } from '@proclife/proctable'
import { renderSvg } from '@proclife/report'
import { describeCheck, evaluateCheck, kindOf, type CheckOutcome, type Observed } from './checks.js'
import { describeJobStep, doJobStep, isJobStep } from './job-steps.js'
import { containedArgv, createMemoryCgroup, createPidsCgroup, ipcNamespace, networkNamespace, prlimitAvailable, processesWithToken, withFileSizeLimit, type MemoryCgroup, type PidsCgroup } from './contain.js'
import { buildOutputTail, copyLabFiles, installCHelper, installNodeHelper, installPythonHelper } from './lab-files.js'
import { copySubmission, submissionLimits, surveySubmission, unbounded } from './copy-submission.js'
import { loadLab, type LoadedLab } from './load-lab.js'
import { kindOfExercise, planGrading, type GradingPlan } from './plan.js'
import { createPrivateMounts, type PrivateMounts } from './private-mounts.js'
import { makeRunFolder } from './temp-copies.js'
import { foldersToCover } from './hidden-folders.js'
import { asUser, giveTo, GraderError, switchUser, type RunUser, type SwitchedUser } from './user.js'
import { timeLimitNote } from './run-notes.js'
import type { Build, Exercise, Limits, Step } from './schema.js'

/** One check's result over every repetition. */
export interface CheckResult {
  /** `<exercise>/<check>`: the check's id, or its position. */
  readonly id: string
  /** What was checked, in words. */
  readonly name: string
  readonly points: number
  readonly maxPoints: number
  readonly passed: boolean
  /** The lab's feedback text, shown when the check failed. */
  readonly feedback: string | null
  /** What was seen: why it failed, or that it held. */
  readonly detail: string
  /** Which repetition failed first (1-based), when repeated. */
  readonly failedRun: number | null
  /** For a failed check: the process tree and the timeline of the processes concerned. */
  readonly picture: string | null
  readonly timeline: string | null
  /**
   * For a failed check: the SVG picture of the run that failed it ({@link renderSvg}), for the
   * formats that can show it (Gradescope's html output, PrairieLearn's images, `grade --out`).
   */
  readonly svg: string | null
}

/** One exercise's result. */
export interface ExerciseResult {
  readonly id: string
  readonly title: string
  readonly file: string
  readonly score: number
  readonly maxScore: number
  readonly checks: readonly CheckResult[]
  /** How the runs went: containment, limits hit, steps that could not be done. */
  readonly notes: readonly string[]
  /** Set when the exercise could not be run at all (e.g. the student's file is missing). */
  readonly error: string | null
  readonly runs: number
  /** The runner's id of each run (`PROCLIFE_RUN`), to look for leftovers by token. */
  readonly runIds: readonly string[]
  /** Total run time of the exercise's runs, ms. */
  readonly durationMs: number
  /** The root's output in the first run (bounded). */
  readonly stdout: string
  readonly stderr: string
}

/** A whole submission's grade. */
export interface GradeResult {
  readonly schema: 'proclife.grade/v1'
  readonly lab: string
  readonly title: string
  readonly submission: string
  readonly score: number
  readonly maxScore: number
  readonly exercises: readonly ExerciseResult[]
  readonly durationMs: number
}

/** Options of {@link gradeSubmission}. */
export interface GradeOptions {
  /** Only these exercises (by id). */
  readonly only?: readonly string[]
  /** Interpreter commands per kind, as for the runner. */
  readonly interpreters?: { python?: string; node?: string; sh?: string }
  /**
   * Put each run in a pids cgroup when the machine allows it (default). `false` uses the fallback
   * everywhere: the live process count is watched and the run stopped above the limit.
   */
  readonly cgroup?: boolean
  /**
   * Give each run a private mount namespace when the machine allows it (default). `false` turns it
   * off: runs see the machine's files as their user may, and every report says so.
   */
  readonly privateFiles?: boolean
  /**
   * Who runs the students' programs (switching needs the grader to run as root, with `setpriv` on
   * PATH): `'auto'` gives every run a uid of its own (from {@link AUTO_UID_BASE}), so that runs
   * graded at once cannot signal each other; or a user name, or a uid; or `'root'`, which every
   * report then warns about. A run as another user has no capabilities, no supplementary groups
   * and no new privileges, and its copy of the submission belongs to that user.
   *
   * Default: `'auto'` when the grader is root (and can switch users), else the grader's own user.
   * The interpreter asked for (e.g. a pyenv `python3` under `/root`) is probed as that user before
   * anything runs; one it cannot execute is replaced by a system interpreter of the same version,
   * and where there is none a {@link GraderError} names the fix.
   */
  readonly user?: RunUser
  /**
   * Folders no run may see (besides the submission being graded, and in a batch every submission
   * of it): e.g. the folder the results are written to. Each is covered by an empty read-only
   * tmpfs in the run's mount namespace, where the machine allows one.
   */
  readonly hide?: readonly string[]
  /** Called after each exercise. */
  readonly onExercise?: (result: ExerciseResult) => void
}

/** Every limit of a run, with a value. */
export type ResolvedLimits = { readonly [K in keyof Limits]-?: Exclude<Limits[K], undefined> }

/**
 * Limits of a run when neither the lab nor the exercise sets them. The overlap margin (for the
 * sampled concurrency checks) is longer than the runner's 100 ms: students' programs on a busy
 * grading machine (several submissions at once) may wait that long for a CPU, and a grade must not
 * depend on the machine's load. Zombie checks use no duration at all.
 */
export const defaultLimits: Readonly<ResolvedLimits> = { timeout: 10_000, maxProcesses: 64, maxMemory: 512 * 1024 * 1024, maxFileSize: 16 * 1024 * 1024, maxDisk: 64 * 1024 * 1024, maxOutput: 64 * 1024, settle: 1000, overlapMargin: 500, network: false }

/** Runs every exercise of a lab against a submission folder and grades it. Never throws for what the submission does. */
export async function gradeSubmission(lab: string | LoadedLab, submissionDir: string, options: GradeOptions = {}): Promise<GradeResult> {
  const loaded = typeof lab === 'string' ? loadLab(lab) : lab
  const submission = resolve(submissionDir)
  if (!existsSync(submission) || !statSync(submission).isDirectory()) throw new GraderError(`No submission folder at ${submission}.`, true)
  const started = performance.now()
  // Too big, too many files, a pipe, a hard link out: refused before anything is copied.
  surveySubmission(submission, submissionLimits(loaded))
  const plan = await planGrading(loaded, options)
  const exercises: ExerciseResult[] = []
  const built = await buildSubmission(loaded, submission, options, plan)
  try {
    for (const exercise of loaded.exercises) {
      if (options.only && !options.only.includes(exercise.id)) continue
      const result = await gradeExercise(loaded, exercise, built.dir ?? submission, options, plan, built.failure, submission)
      options.onExercise?.(result)
      exercises.push(result)
    }
  } finally {
    built.remove()
  }
  return {
    schema: 'proclife.grade/v1',
    lab: loaded.lab,
    title: loaded.title ?? loaded.lab,
    submission,
    score: round(exercises.reduce((s, e) => s + e.score, 0)),
    maxScore: round(exercises.reduce((s, e) => s + e.maxScore, 0)),
    exercises,
    durationMs: Math.round(performance.now() - started),
  }
}

/** Options of {@link gradeSubmissions}. */
export interface GradeManyOptions extends Omit<GradeOptions, 'onExercise'> {
  /**
   * How many submissions are graded at once. Default: {@link defaultConcurrency} — the runs mostly
   * wait on their programs, so twice the CPUs keeps the machine busy without starving a run.
   */
  readonly concurrency?: number
  /** Called when a submission has been graded (in the order they finish), or could not be. */
  readonly onSubmission?: (outcome: SubmissionOutcome, index: number) => void
}

/** One submission of a batch: its grade, or why it could not be graded (e.g. not a folder). */
export type SubmissionOutcome =
  | { readonly submission: string; readonly result: GradeResult; readonly error: null }
  | { readonly submission: string; readonly result: null; readonly error: string }

/**
 * How many submissions {@link gradeSubmissions} grades at once by default: twice the CPUs the
 * process may use, at least 2. An exercise's runs spend most of their time waiting (on a
 * checkpoint, a step, the settle period), so more than one per CPU keeps the machine busy; the
 * bench (`bench/grader.ts`) checks that every grade at this concurrency is the one graded alone.
 */
export function defaultConcurrency(): number {
  return Math.max(2, availableParallelism() * 2)
}

/**
 * Grades many submissions against one lab, several at a time; resolves with one outcome per
 * submission, in the order given. A submission that cannot be graded (a missing folder) gets an
 * error instead of a result; the batch goes on. A problem of the setup that would fail every
 * submission alike (a {@link GraderError} such as a user the grader cannot switch to) rejects.
 * Each submission's exercises run one after another, exactly as {@link gradeSubmission} runs them.
 */
export async function gradeSubmissions(lab: string | LoadedLab, submissions: readonly string[], options: GradeManyOptions = {}): Promise<SubmissionOutcome[]> {
  const loaded = typeof lab === 'string' ? loadLab(lab) : lab
  const concurrency = options.concurrency ?? defaultConcurrency()
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`concurrency must be a whole number of at least 1; got ${concurrency}`)
  const { concurrency: _c, onSubmission, ...rest } = options
  // Probed before the batch: a setup problem stops it before the first run, not in every one.
  await planGrading(loaded, rest)
  // No run sees another submission of the batch.
  const one = { ...rest, hide: [...(rest.hide ?? []), ...submissions.map((s) => resolve(s))] }
  const outcomes: SubmissionOutcome[] = new Array(submissions.length)
  await gradeEach(loaded, submissions.map((s) => ({ dir: s, options: one })), concurrency, (outcome, index) => {
    outcomes[index] = outcome
    onSubmission?.(outcome, index)
  })
  return outcomes
}

/**
 * Grades each job (a folder and its options) by {@link gradeSubmission}, `concurrency` at a time,
 * and hands over each outcome as it comes. A setup problem that would fail every job alike (a
 * {@link GraderError} not of one submission) starts no more jobs, and is thrown once the running
 * ones have ended.
 */
export async function gradeEach(lab: LoadedLab, jobs: readonly { dir: string; options: GradeOptions }[], concurrency: number, done: (outcome: SubmissionOutcome, index: number) => void): Promise<void> {
  let next = 0
  let setupError: unknown = null
  const worker = async (): Promise<void> => {
    while (next < jobs.length && setupError === null) {
      const index = next++
      const submission = resolve(jobs[index]!.dir)
      let outcome: SubmissionOutcome
      try {
        outcome = { submission, result: await gradeSubmission(lab, submission, jobs[index]!.options), error: null }
      } catch (error) {
        if (error instanceof GraderError && !error.ofSubmission) {
          setupError ??= error
          return
        }
        outcome = { submission, result: null, error: (error as Error).message.split('\n')[0]! }
      }
      done(outcome, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker))
  if (setupError !== null) throw setupError
}

const round = (n: number): number => Math.round(n * 1000) / 1000
const mib = (bytes: number): string => `${round(bytes / (1024 * 1024))} MiB`

function checkId(exercise: Exercise, index: number): string {
  return `${exercise.id}/${exercise.checks[index]!.id ?? `check-${index + 1}`}`
}

/** One run of an exercise, driven by its steps. */
interface RunOutcome {
  readonly report: RunReport
  readonly observed: Observed
  readonly notes: string[]
}

/**
 * `source`: the folder each run copies (the submission, or its built copy); `buildFailure`: the
 * lab's build failed, and every check of the exercise fails with it; `submission`: the student's
 * own folder, the one messages name.
 */
async function gradeExercise(lab: LoadedLab, exercise: Exercise, source: string, options: GradeOptions, plan: GradingPlan, buildFailure: BuildFailure | null = null, submission = source): Promise<ExerciseResult> {
  const limits = mergeLimits(stripRepeat(lab.defaults), exercise.limits)
  const repeat = exercise.repeat ?? lab.defaults?.repeat ?? 1
  const maxScore = round(exercise.checks.reduce((s, c) => s + c.points, 0))
  const base = { id: exercise.id, title: exercise.title ?? exercise.id, file: exercise.file, maxScore }
  const fail = (error: string, notes: string[] = []): ExerciseResult => ({
    ...base, score: 0, error, notes, runs: 0, runIds: [], durationMs: 0, stdout: '', stderr: '',
    checks: exercise.checks.map((c, i) => ({
      id: checkId(exercise, i), name: describeCheck(c), points: 0, maxPoints: c.points, passed: false,
      feedback: c.feedback ?? null, detail: error, failedRun: null, picture: null, timeline: null, svg: null,
    })),
  })
  if (buildFailure) return fail(buildFailure.error, buildFailure.notes)
  if (!existsSync(join(source, exercise.file))) return fail(`${exercise.file} is not in the submission${lab.build ? ' after the build' : ''}`)

  const outcomes: RunOutcome[] = []
  for (let i = 0; i < repeat; i++) {
    // A fresh copy of the submission for every run (`work`), nothing a run writes reaches the
    // next; `sock` holds the runner's folder (the checkpoint socket); `area` is where the run's
    // tmpfs is made before it is moved over /tmp (see private-mounts.ts).
    const base = makeRunFolder('grade')
    const work = join(base, 'work')
    const user = plan.user === null ? null : switchUser(plan.user)
    try {
      // With private files the run reaches its copy through its own tmpfs, never through `base`:
      // nobody but root may enter it. Without, the run's user must pass through it.
      chmodSync(base, plan.mounts.ok ? 0o700 : 0o711)
      for (const dir of ['sock', 'area']) mkdirSync(join(base, dir), { mode: 0o711 })
      copySubmission(source, work, source === submission ? submissionLimits(lab) : unbounded)
      copyLabFiles(lab, work)
      if (kindOfExercise(exercise) === 'node') installNodeHelper(work)
      if (kindOfExercise(exercise) === 'python') installPythonHelper(work)
      if (user) giveTo(work, user)
      const { hide, visible } = hiddenFrom(lab, source, options)
      outcomes.push(await runOnce(exercise, limits, base, { ...options, hide }, plan, user, visible, { terminal: exercise.terminal ?? lab.terminal ?? false }))
    } catch (error) {
      if (error instanceof GraderError) throw error
      if (error instanceof TerminalUnavailableError) return fail(`this exercise needs a terminal, and none can be had here: ${error.reason}`)
      // The run's copy is deleted by now: name the student's own file (`chmod +x` on it is the fix).
      return fail(`could not run ${exercise.file}: ${(error as Error).message.split('\n')[0]!.split(work).join(submission)}`)
    } finally {
      user?.release()
      rmSync(base, { recursive: true, force: true })
    }
  }

  // Several checks failed by one run share its picture: the run is shown (and drawn) once, not once per check.
  const shown = new Map<RunReport, { readonly report: RunReport; readonly svg: string }>()
  const show = (report: RunReport): { readonly report: RunReport; readonly svg: string } => {
    let view = shown.get(report)
    if (!view) {
      const visible = withoutWrapper(report)
      view = { report: visible, svg: renderSvg(visible) }
      shown.set(report, view)
    }
    return view
  }
  const checks = exercise.checks.map((check, index): CheckResult => {
    let failed: { run: number; outcome: CheckOutcome; report: RunReport } | null = null
    let last: CheckOutcome | null = null
    outcomes.forEach((o, run) => {
      const outcome = evaluateCheck(check, o.report, o.observed)
      last = outcome
      if (!outcome.passed && failed === null) failed = { run: run + 1, outcome, report: o.report }
    })
    const f = failed as { run: number; outcome: CheckOutcome; report: RunReport } | null
    return {
      id: checkId(exercise, index),
      name: describeCheck(check),
      points: f ? 0 : check.points,
      maxPoints: check.points,
      passed: f === null,
      feedback: check.feedback ?? null,
      detail: f ? `${repeat > 1 ? `run ${f.run} of ${repeat}: ` : ''}${f.outcome.detail}` : (last as CheckOutcome | null)?.detail ?? '',
      failedRun: f ? f.run : null,
      picture: f ? drawProcesses(f.report.processes, f.report, { final: true, groups: usesGroups(exercise), ...(f.report.terminal ? { terminal: f.report.terminal } : {}) }) : null,
      timeline: f ? formatTimeline(show(f.report).report, kindOf(check) === 'stdoutMatches' || kindOf(check) === 'stdoutDoesNotMatch' || f.outcome.ids.length === 0 ? { limit: 30 } : { ids: f.outcome.ids, limit: 30 }) : null,
      svg: f ? show(f.report).svg : null,
    }
  })
  const notes = [...new Set(outcomes.flatMap((o, i) => o.notes.map((n) => (repeat > 1 && !n.startsWith('contained') && !n.startsWith('interpreter') ? `run ${i + 1}: ${n}` : n))))]
  return {
    ...base,
    score: round(checks.reduce((s, c) => s + c.points, 0)),
    checks,
    notes,
    error: null,
    runs: outcomes.length,
    runIds: outcomes.map((o) => o.report.runId),
    durationMs: Math.round(outcomes.reduce((s, o) => s + o.report.durationMs, 0)),
    stdout: outcomes[0]?.report.stdout ?? '',
    stderr: outcomes[0]?.report.stderr ?? '',
  }
}

/** Whether an exercise is about process groups (a group check or a group signal): its pictures show them. */
function usesGroups(exercise: Exercise): boolean {
  return exercise.checks.some((c) => c.leadsOwnGroup !== undefined || c.sameGroup !== undefined)
    || (exercise.steps ?? []).some((s) => 'signal' in s && s.signal.group === true)
}

/** The report without the spawn and exec of the containment wrapper (unshare, sh joining the cgroup). */
function withoutWrapper(report: RunReport): RunReport {
  const wrapper = (e: RunReport['events'][number]): boolean => e.id === 'root' && (e.kind === 'spawn' || e.kind === 'exec')
    && (e.detail.includes('cannot join its cgroups') || /^(\S*\/)?(unshare( --(net|ipc|uts))+|nsenter --target=\d+|setpriv --reuid=\d+|prlimit --fsize=\d+:\d+) /.test(e.detail))
  return { ...report, events: report.events.filter((e) => !wrapper(e)) }
}

/** A lab build that failed: the error every exercise gets, and the build's output for the notes. */
interface BuildFailure {
  readonly error: string
  readonly notes: string[]
}

/** A submission after the lab's build: the folder runs copy (null: the submission itself), or why it failed. */
interface BuiltSubmission {
  readonly dir: string | null
  readonly failure: BuildFailure | null
  /** Removes the built copy. */
  remove(): void
}

/** Bounds of a build that the lab does not set: compilers are several processes each, and slow on a busy machine. */
const BUILD_TIMEOUT = 60_000
const BUILD_MIN_PROCESSES = 64

/**
 * Runs the lab's `build` once for a submission, contained exactly as its exercises' runs are (same
 * user, pids and memory cgroups, private files, no network), in a copy of the submission with the
 * lab's files in it. Each exercise's runs then copy the built folder. A build that fails (exit
 * status, time limit) fails every exercise, with the build's output in the notes.
 */
async function buildSubmission(lab: LoadedLab, submission: string, options: GradeOptions, plan: GradingPlan): Promise<BuiltSubmission> {
  const build = lab.build
  if (!build) return { dir: null, failure: null, remove: () => {} }
  const base = makeRunFolder('build')
  const remove = (): void => rmSync(base, { recursive: true, force: true })
  const work = join(base, 'work')
  const built = join(base, 'built')
  const user = plan.user === null ? null : switchUser(plan.user)
  try {
    chmodSync(base, 0o711)
    for (const dir of ['sock', 'area']) mkdirSync(join(base, dir), { mode: 0o711 })
    // What the build made, unpacked as its user: no one else may read it.
    mkdirSync(join(base, 'built'), { mode: 0o700 })
    copySubmission(submission, work, submissionLimits(lab))
    copyLabFiles(lab, work)
    installCHelper(work)
    if (user) giveTo(work, user)
    const limits = buildLimits(lab, build)
    const { hide, visible } = hiddenFrom(lab, submission, options)
    const exercise: Exercise = { id: 'build', file: build.run, checks: [] }
    let collected = false
    let dir = work
    const outcome = await runOnce(exercise, limits, base, { ...options, hide }, plan, user, visible, {
      program: ['/bin/sh', '-c', build.run],
      // Private files live in the run's own tmpfs, gone with its namespace: take them out first.
      collect: (mounts) => {
        if (mounts === null) collected = true
        else {
          dir = built
          collected = copyOutOfNamespace(mounts, built, limits.maxDisk, user)
        }
      },
    })
    const { report } = outcome
    const why = report.timedOut ? `did not finish within ${limits.timeout} ms`
      : report.exit.code !== 0 ? (report.exit.signal ? `was killed by ${report.exit.signal}` : `failed with exit code ${report.exit.code}`)
        : !collected ? 'finished, but its files could not be taken out of its private folder' : null
    if (why !== null) {
      return {
        dir: null,
        failure: { error: `the build (\`${build.run}\`) ${why}; nothing was graded`, notes: [`the build's output:\n${buildOutputTail(report.stdout, report.stderr)}`] },
        remove,
      }
    }
    return { dir, failure: null, remove }
  } catch (error) {
    remove()
    if (error instanceof GraderError) throw error
    return { dir: null, failure: { error: `the build (\`${build.run}\`) could not be run: ${(error as Error).message.split('\n')[0]}`, notes: [] }, remove: () => {} }
  } finally {
    user?.release()
  }
}

/** Limits of a lab's build: the lab's defaults, its own time limit, and room for a compiler's processes. */
function buildLimits(lab: LoadedLab, build: Build): ResolvedLimits {
  const limits = mergeLimits(stripRepeat(lab.defaults))
  return { ...limits, timeout: build.timeout ?? BUILD_TIMEOUT, maxProcesses: Math.max(limits.maxProcesses, BUILD_MIN_PROCESSES), settle: 0 }
}

/**
 * Copies the run's copy (the namespace's working folder) to `to`, through tar: packed as root
 * inside the namespace, unpacked as the run's user (when it has one), so that no link the build
 * made can have root write outside `to`.
 */
function copyOutOfNamespace(mounts: PrivateMounts, to: string, maxBytes: number, user: SwitchedUser | null): boolean {
  const [command, ...args] = mounts.enter(['tar', '-cf', '-', '.'])
  const packed = spawnSync(command!, args, { maxBuffer: maxBytes * 2 + 1024 * 1024 })
  if (packed.status !== 0) return false
  if (user) lchownSync(to, user.uid, user.gid)
  const [unpack, ...unpackArgs] = user ? asUser(['tar', '-xf', '-', '-C', to], user) : ['tar', '-xf', '-', '-C', to]
  return spawnSync(unpack!, unpackArgs, { input: packed.stdout }).status === 0
}

function mergeLimits(...layers: (Partial<Limits> | undefined)[]): ResolvedLimits {
  const out: Record<string, unknown> = { ...defaultLimits }
  for (const layer of layers) for (const [k, v] of Object.entries(layer ?? {})) if (v !== undefined) out[k] = v
  return out as ResolvedLimits
}

function stripRepeat(defaults: LoadedLab['defaults']): Partial<Limits> {
  if (!defaults) return {}
  const { repeat: _repeat, ...limits } = defaults
  return limits
}

/**
 * What a run may not see: the submission's own folder (the run has its copy), the lab's
 * `submissions` and `wrong` folders (reference and wrong solutions), and what the caller names.
 */
function hiddenFrom(lab: LoadedLab, submission: string, options: GradeOptions): { hide: string[]; visible: string[] } {
  const labFolders = lab.dir ? ['submissions', 'wrong'].map((d) => join(lab.dir!, d)) : []
  // A folder that holds the grader's own installation (a student's repository with proclife in
  // its node_modules) stays visible, read-only: runs need the checkpoint helper in it.
  const holdsGrader = (dir: string): boolean => !relative(dir, pythonHelperDir).startsWith('..')
  const all = [...new Set([submission, ...labFolders, ...(options.hide ?? []).map((h) => resolve(h))])]
  // Covered as few folders as possible: a run's mountinfo names what is covered (hidden-folders.ts).
  return { hide: foldersToCover(all.filter((dir) => !holdsGrader(dir))), visible: all.filter(holdsGrader) }
}

/** What a contained run may do besides running the exercise's own target. */
interface RunExtras {
  /** Run this command instead of the exercise's file (the lab's build). */
  readonly program?: readonly string[]
  /** Called after the run, before its private files are thrown away, with the namespace (or null). */
  readonly collect?: (mounts: PrivateMounts | null) => void
  /** Give the program a pseudo-terminal (the exercise's or the lab's `terminal`). */
  readonly terminal?: boolean
}

async function runOnce(exercise: Exercise, limits: ResolvedLimits, base: string, options: GradeOptions, plan: GradingPlan, user: SwitchedUser | null, visible: readonly string[], extras: RunExtras = {}): Promise<RunOutcome> {
  const work = join(base, 'work')
  const notes: string[] = []
  const kind = kindOfExercise(exercise)
  // The interpreter was chosen before the grade (planGrading), in the lab's folder (not in the
  // submission, whose files could otherwise choose it through a version manager), as the runs' user.
  const chosen = kind ? plan.interpreters.get(kind) : undefined
  const args = exercise.args ?? []
  const resolved = extras.program ? { argv: [...extras.program] }
    : chosen ? { argv: [chosen.path, join(work, exercise.file), ...args] }
      : { argv: [...(await resolveTarget(exercise.file, resolveOptions({ cwd: work }))).argv, ...args] }

  // Containment: a pids cgroup (or a watch on the live count), no network, private files, a time limit, an output cap.
  const cgroup = options.cgroup === false ? { why: 'no pids cgroup (turned off)' } : createPidsCgroup(limits.maxProcesses)
  const pids: PidsCgroup | null = 'why' in cgroup ? null : cgroup
  const memoryCgroup = options.cgroup === false ? { why: 'no memory cgroup (turned off)' } : createMemoryCgroup(limits.maxMemory)
  const memory: MemoryCgroup | null = 'why' in memoryCgroup ? null : memoryCgroup
  const net = limits.network ? null : networkNamespace()
  const ipc = ipcNamespace()
  let mounts: PrivateMounts | null = null
  try {
    if (plan.mounts.ok) mounts = await createPrivateMounts({ base, diskBytes: limits.maxDisk, hide: options.hide ?? [] })
  } catch (error) {
    pids?.remove()
    memory?.remove()
    // Of this submission (its copy does not fit the run's disk, a name the tmpfs rejects): its grade says so.
    throw new Error(`its private files could not be made: ${(error as Error).message}`, { cause: error })
  }
  const files = mounts
    ? `files: a mount namespace of its own (its copy, /tmp and /dev/shm in ${mib(limits.maxDisk)} of tmpfs; the rest read-only; other submissions and the results hidden${visible.length > 0 ? `, but not ${visible.join(', ')} (it holds the grader's installation)` : ''}${mounts.writable.length > 0 ? `; still writable: ${mounts.writable.join(', ')}` : ''})`
    : `files not isolated: ${(plan.mounts as { why: string }).why}; the run may read and write whatever its user may, disk not bounded in total`
  const who = user ? `runs as ${user.label}, without capabilities`
    : plan.asRoot !== null ? `runs as root, ${plan.asRoot}: it could undo its private files, and signal or read anything on the machine`
      : `runs as the grader's own user (uid ${process.getuid?.() ?? '?'}): a user of its own needs the grader to run as root`
  notes.push(`contained: ${pids ? `pids cgroup ${pids.kind} (at most ${limits.maxProcesses} processes and threads)` : `${(cgroup as { why: string }).why}; the live process count is watched instead and the run stopped above ${limits.maxProcesses}`}; ${limits.network ? 'network allowed by the lab' : net!.why}; ${ipc.why}; ${memory ? `memory up to ${mib(limits.maxMemory)}` : `memory not limited: ${(memoryCgroup as { why: string }).why}`}; ${prlimitAvailable() ? `files up to ${mib(limits.maxFileSize)}` : 'file size not limited (no prlimit)'}; ${files}; time limit ${limits.timeout} ms; output kept up to ${limits.maxOutput} bytes; ${who}`)
  if (chosen?.note) notes.push(`interpreter: ${chosen.note}`)
  const program = user ? asUser(resolved.argv, user) : resolved.argv
  const argv = containedArgv(prlimitAvailable() ? withFileSizeLimit(program, limits.maxFileSize) : program, [pids, memory].filter((c) => c !== null), net?.ok === true, mounts, ipc.ok)
  try {
    const outcome = await driveRun(exercise, limits, argv, mounts ? base : work, base, user, pids, memory, notes, extras.terminal === true)
    extras.collect?.(mounts)
    return outcome
  } finally {
    mounts?.close()
  }
}

async function driveRun(exercise: Exercise, limits: ResolvedLimits, argv: string[], cwd: string, base: string, user: SwitchedUser | null, pids: PidsCgroup | null, memory: MemoryCgroup | null, notes: string[], terminal: boolean): Promise<RunOutcome> {
  const holds = (exercise.steps ?? []).flatMap((s) => ('waitCheckpoint' in s ? [s.waitCheckpoint] : []))
  let run: FixtureRun
  try {
    run = await startFixture(argv, {
      cwd,
      runDir: join(base, 'sock'),
      timeout: limits.timeout,
      settle: limits.settle,
      maxOutput: limits.maxOutput,
      stopAtOutputLimit: true,
      overlapMargin: limits.overlapMargin,
      holdCheckpoints: holds,
      releaseOnRootExit: true,
      // A group signal stands for a terminal's ctrl-c: the program leads a session of its own.
      newSession: (exercise.steps ?? []).some((step) => 'signal' in step && step.signal.group === true),
      terminal,
      ...(user ? { fixtureUid: user.uid } : {}),
      env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    })
  } catch (error) {
    pids?.remove()
    memory?.remove()
    throw error
  }

  let watch: NodeJS.Timeout | undefined
  let overLimit = false
  if (!pids) {
    // Not for synchronisation: a guard that stops a fork bomb where no cgroup can.
    watch = setInterval(() => {
      if (run.view().alive.length > limits.maxProcesses && !overLimit) {
        overLimit = true
        void run.stop()
      }
    }, 20)
  }

  const zombiesAtRelease = new Map<string, readonly string[]>()
  const deadline = performance.now() + limits.timeout
  try {
    for (const [index, step] of (exercise.steps ?? []).entries()) {
      const problem = await doStep(run, step, Math.max(1, Math.min(step.timeout ?? Number.POSITIVE_INFINITY, deadline - performance.now())), zombiesAtRelease)
      if (problem) notes.push(`step ${index + 1} (${describeStep(step)}): ${problem}`)
    }
  } finally {
    // A held checkpoint that no step released would block the program until the time limit.
    const released = new Set((exercise.steps ?? []).flatMap((s) => ('release' in s ? [s.release] : [])))
    for (const name of holds) {
      if (!released.has(name)) {
        zombiesAtRelease.set(name, await zombiesNow(run))
        try {
          run.release(name)
        } catch {
          // The run is already over.
        }
      }
    }
    run.closeStdin()
  }
  const report = await run.done
  if (watch) clearInterval(watch)

  if (pids) {
    const refused = pids.refused()
    if (refused > 0) notes.push(`the process limit (${limits.maxProcesses}) was reached: ${refused} new process${refused === 1 ? ' or thread was' : 'es or threads were'} refused`)
    const left = pids.remove()
    if (left.length > 0) notes.push(`killed ${left.length} process${left.length === 1 ? '' : 'es'} left in the cgroup: ${left.join(', ')}`)
  }
  if (memory) {
    const kills = memory.oomKills()
    if (kills > 0) notes.push(`the memory limit (${mib(limits.maxMemory)}) was reached: the kernel killed ${kills} process${kills === 1 ? '' : 'es'}`)
    const left = memory.remove()
    if (left.length > 0 && !pids) notes.push(`killed ${left.length} process${left.length === 1 ? '' : 'es'} left in the cgroup: ${left.join(', ')}`)
  }
  if (report.processes.some((p) => p.exit?.signal === 'SIGXFSZ') || /\bFile too large\b|\bEFBIG\b/.test(report.stderr)) {
    notes.push(`a file reached the size limit (${mib(limits.maxFileSize)}): writing more failed`)
  }
  if (/No space left on device|\bENOSPC\b/.test(report.stderr)) notes.push(`the run's disk (${mib(limits.maxDisk)} for its copy, /tmp and /dev/shm) was full: writing more failed`)
  if (overLimit) notes.push(`more than ${limits.maxProcesses} processes were alive at once: the run was stopped`)
  const escaped = processesWithToken(report.runId)
  await terminateProcesses(escaped, { killAfter: 0 })
  if (escaped.length > 0) notes.push(`killed ${escaped.length} process${escaped.length === 1 ? '' : 'es'} found by the run's token after the run: ${escaped.map((p) => p.pid).join(', ')}`)
  if (report.timedOut) notes.push(timeLimitNote(limits.timeout))
  if (report.events.some((e) => e.kind === 'output-limit')) {
    notes.push(`the output went past ${limits.maxOutput} bytes: the run was stopped there and everything killed (${report.output.stdoutBytes} bytes on stdout, ${report.output.stderrBytes} on stderr; the first ${limits.maxOutput} of each kept)`)
  }
  if (report.exit.code !== 0 && report.exit.code !== null && report.stderr.trim() !== '') {
    const tail = report.stderr.trimEnd().split('\n').slice(-4).join('\n')
    notes.push(`the program exited with code ${report.exit.code}; its error output ends with:\n${tail}`)
  }
  if (report.exit.code === 97 && /cannot join its cgroups/.test(report.stderr)) notes.push('the harness could not put the run in its cgroup')
  return { report, observed: { zombiesAtRelease }, notes }
}

function describeStep(step: Step): string {
  if (isJobStep(step)) return describeJobStep(step)
  if ('send' in step) return `send ${JSON.stringify(step.send)}`
  if ('closeStdin' in step) return 'close stdin'
  if ('waitCheckpoint' in step) return `wait for checkpoint "${step.waitCheckpoint}"`
  if ('release' in step) return `release "${step.release}"`
  if ('waitZombie' in step) return `wait for ${step.waitZombie} to be a zombie`
  if ('waitReaped' in step) return `wait for ${step.waitReaped} to be reaped`
  return `wait for ${step.waitExit} to exit`
}

/**
 * The run's zombies as /proc shows them now. Not the events received so far: a child reaped by the
 * kernel as it exits (SIGCHLD ignored) is known to have exited a moment before it is known to be
 * gone, and must not count as a zombie in that moment.
 */
async function zombiesNow(run: FixtureRun): Promise<string[]> {
  return (await run.look()).filter((p) => p.state === 'Z').map((p) => p.id)
}

/** Does one step; returns what went wrong, or null. */
async function doStep(run: FixtureRun, step: Step, timeout: number, zombiesAtRelease: Map<string, readonly string[]>): Promise<string | null> {
  const reason = (error: unknown): string => (error as Error).message.split('\n')[0]!.replace(/^Waited for .*?, but /, '').replace(/\.$/, '')
  try {
    if (isJobStep(step)) await doJobStep(run, step, timeout)
    else if ('send' in step) run.write(step.send.endsWith('\n') ? step.send : `${step.send}\n`)
    else if ('closeStdin' in step) run.closeStdin()
    else if ('waitCheckpoint' in step) await run.waitForCheckpoint(step.waitCheckpoint, { timeout })
    else if ('release' in step) {
      zombiesAtRelease.set(step.release, await zombiesNow(run))
      run.release(step.release)
    } else if ('waitZombie' in step) {
      const id = step.waitZombie
      await run.waitFor((v) => v.zombies.includes(id), { timeout, description: `${id} to be a zombie` })
    } else if ('waitReaped' in step) {
      const id = step.waitReaped
      await run.waitFor((v) => v.processes.some((p) => p.id === id && p.reapedAt !== null), { timeout, description: `${id} to be reaped` })
    } else {
      const id = step.waitExit
      await run.waitFor((v) => v.processes.some((p) => p.id === id && p.exitedAt !== null), { timeout, description: `${id} to exit` })
    }
    return null
  } catch (error) {
    return `did not happen: ${reason(error)}`
  }
}
