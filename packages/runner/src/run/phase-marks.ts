/**
 * The points of a run's life that `bench/runner.ts` times, in the order a run passes them. Each
 * mark ends the phase named after it: `hello` is the time from the spawn to the sentinel's hello.
 */
export type RunPhase =
  | 'start'
  | 'target'
  | 'build-check'
  | 'spawn'
  | 'run-made'
  | 'hello'
  | 'root-exit'
  | 'settle-walk'
  | 'settled'
  | 'cleanup'
  | 'escapes'
  | 'bye'
  | 'quit'
  | 'output'
  | 'report'
  | 'sentinel-gone'
  | 'socket-removed'

/**
 * Internal and undocumented, not exported by the package: the runner bench sets `sink` to read a
 * run's phases; nothing else does. Unset, a mark costs one property read: no clock, no logging.
 */
export const phaseMarks: { sink: ((phase: RunPhase) => void) | undefined } = { sink: undefined }

/** Marks the end of `phase` for the bench, if it listens. */
export function markPhase(phase: RunPhase): void {
  phaseMarks.sink?.(phase)
}
