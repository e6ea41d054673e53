import type { RunUser } from './user.js'

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
