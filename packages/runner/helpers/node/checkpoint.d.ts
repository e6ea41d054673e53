/**
 * Records the process tree under `name` and resolves once the run lets this process go on.
 *
 * Talks to the proclife sentinel over the Unix socket named by `PROCLIFE_CHECKPOINT` (inherited by
 * every process of the run). The sentinel snapshots every process of the run at the moment of the
 * call and answers at once, or, if the test holds this checkpoint, when the test releases it.
 * Outside proclife (variable unset) it does nothing and warns once on stderr.
 *
 * @example
 * ```ts
 * import { checkpoint } from '@proclife/runner/checkpoint'
 * const child = spawn(process.execPath, ['worker.js'])
 * await checkpoint('worker-started')
 * ```
 */
export declare function checkpoint(name: string): Promise<void>
