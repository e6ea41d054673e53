import type { LoadedLab } from './load-lab.js'
import type { Build, Exercise, Limits } from './schema.js'

/** Every limit of a run, with a value. */
export type ResolvedLimits = { readonly [K in keyof Limits]-?: Exclude<Limits[K], undefined> }

/**
 * Limits of a run when neither the lab nor the exercise sets them. The overlap margin (for the
 * sampled concurrency checks) is longer than the runner's 100 ms: students' programs on a busy
 * grading machine (several submissions at once) may wait that long for a CPU, and a grade must not
 * depend on the machine's load. Zombie checks use no duration at all.
 */
export const defaultLimits: Readonly<ResolvedLimits> = {
  timeout: 10_000,
  maxProcesses: 64,
  maxMemory: 512 * 1024 * 1024,
  maxFileSize: 16 * 1024 * 1024,
  maxDisk: 64 * 1024 * 1024,
  maxOutput: 64 * 1024,
  settle: 1000,
  overlapMargin: 500,
  network: false,
}

/** Rounds a score (or a size) to three decimals, as every result shows it. */
export const round = (n: number): number => Math.round(n * 1000) / 1000

/** Bytes, in MiB, as notes say them. */
export const mib = (bytes: number): string => `${round(bytes / (1024 * 1024))} MiB`

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

/** Limits of an exercise's runs: the defaults, the lab's, then the exercise's own. */
export function exerciseLimits(lab: LoadedLab, exercise: Exercise): ResolvedLimits {
  return mergeLimits(stripRepeat(lab.defaults), exercise.limits)
}

/** Bounds of a build that the lab does not set: compilers are several processes each, and slow on a busy machine. */
const BUILD_TIMEOUT = 60_000
const BUILD_MIN_PROCESSES = 64

/** Limits of a lab's build: the lab's defaults, its own time limit, and room for a compiler's processes. */
export function buildLimits(lab: LoadedLab, build: Build): ResolvedLimits {
  const limits = mergeLimits(stripRepeat(lab.defaults))
  return {
    ...limits,
    timeout: build.timeout ?? BUILD_TIMEOUT,
    maxProcesses: Math.max(limits.maxProcesses, BUILD_MIN_PROCESSES),
    settle: 0,
  }
}
