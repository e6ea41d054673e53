import { extname } from 'node:path'
import {
  chooseInterpreter,
  defaultInterpreterCommand,
  type ChosenInterpreter,
  type InterpreterKind,
} from './choose-interpreter.js'
import { labInterpreter } from './lab-interpreter.js'
import type { LoadedLab } from './load-lab.js'
import { probeContainment, sweepStaleCgroups } from './contain.js'
import { gradingTmp, hiddenByPrivateTmp, privateMountsAvailable, probePrivateMounts } from './private-mounts.js'
import type { Exercise } from './schema.js'
import { cannotSwitchUsers, defaultRunUser, GraderError, probeSwitchUsers, switchUser, type RunUser } from './user.js'

/** What a grade is set up with, decided once before anything runs. */
export interface GradingPlan {
  /** Who runs the submissions (`null`: the grader's own user). */
  readonly user: RunUser | null
  /** Why the runs are root's, when they are: asked for, or the grader cannot switch users. */
  readonly asRoot: string | null
  /** The interpreter of each kind the lab's exercises use. */
  readonly interpreters: ReadonlyMap<InterpreterKind, ChosenInterpreter>
  /** Whether each run gets a private mount namespace, or why not. */
  readonly mounts: { ok: true } | { ok: false; why: string }
}

const kindByExtension: Record<string, InterpreterKind> = {
  '.py': 'python',
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.sh': 'sh',
}

/** The interpreter an exercise's file runs with (its `interpreter`, or by extension), if any. */
export function kindOfExercise(exercise: Exercise): InterpreterKind | undefined {
  return exercise.interpreter ?? kindByExtension[extname(exercise.file).toLowerCase()]
}

/**
 * Decides who runs the submissions and with which interpreters, probing each interpreter as that
 * user: a problem that would fail every submission alike (an interpreter no user of its own can
 * run, a user that does not exist) is a {@link GraderError} here, before the first run.
 */
export async function planGrading(
  lab: LoadedLab,
  options: { user?: RunUser; interpreters?: Partial<Record<InterpreterKind, string>>; privateFiles?: boolean },
): Promise<GradingPlan> {
  // Every probe of the machine, made here without blocking the event loop (a batch's other
  // submissions may be running): what the runs ask later is answered from what was found.
  await Promise.all([probeSwitchUsers(), probeContainment(), probePrivateMounts(), sweepStaleCgroups()])
  const isRoot = process.getuid?.() === 0
  if (options.user === 'root' && !isRoot) throw new GraderError('Cannot run as root: the grader does not run as root.')
  const user = options.user === 'root' ? null : (options.user ?? defaultRunUser())
  const asRoot = !isRoot
    ? null
    : options.user === 'root'
      ? 'as asked (--user root)'
      : user === null
        ? `${cannotSwitchUsers()}`
        : null
  const kinds = new Set(
    lab.exercises.flatMap((e) => {
      const k = kindOfExercise(e)
      return k ? [k] : []
    }),
  )
  const interpreters = new Map<InterpreterKind, ChosenInterpreter>()
  // One uid of the runs' kind stands for all of them (every uid of 'auto' is alike).
  const probe = user === null ? null : switchUser(user)
  try {
    for (const kind of kinds) {
      // Python and Node: the lab may name a version (lab.yaml: python, node), which decides among the machine's.
      const command =
        kind !== 'sh'
          ? await labInterpreter(kind, lab, options.interpreters?.[kind], lab.dir ?? process.cwd())
          : (options.interpreters?.[kind] ?? defaultInterpreterCommand[kind])
      interpreters.set(kind, await chooseInterpreter(kind, command, lab.dir ?? process.cwd(), probe))
    }
  } finally {
    probe?.release()
  }
  const mounts =
    options.privateFiles === false
      ? { ok: false as const, why: 'no private mount namespace (turned off)' }
      : privateMountsAvailable()
  if (mounts.ok) for (const chosen of interpreters.values()) refuseHiddenInterpreter(chosen)
  return { user, asRoot, interpreters, mounts }
}

/**
 * Every run gets a private /tmp of its own, moved over the machine's: an interpreter installed
 * under /tmp would be missing in every run, and each submission would fail alike without saying
 * why. Refused here, before the first run, naming the way out.
 */
function refuseHiddenInterpreter(chosen: ChosenInterpreter): void {
  if (!hiddenByPrivateTmp(chosen.path)) return
  throw new GraderError(
    `The ${chosen.kind} interpreter ${chosen.path} lies under ${gradingTmp()}, which each run's private /tmp hides: install it elsewhere (for example under /opt), or turn the private mounts off (the option privateFiles: false).`,
  )
}
