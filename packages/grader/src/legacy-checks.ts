import { z } from 'zod'
import { checks, processId, type CheckDefinition } from '@proclife/report'

// Lab keys from before the check registry, kept so that existing labs load unchanged. Each named
// two facts under one key, or a fact under a misleading name; the registry names them apart
// (docs/checks.md, "Migration").

const ms = z.number().int().nonnegative()

/** The legacy keys' schemas (`noZombies` widens the registry's `true` with the old grace form). */
export const legacyCheckKinds = {
  /** `noZombies: { grace }` is `reapedWithin: grace` (a duration); `noZombies: true` is the registry's. */
  noZombies: z.union([checks.noZombies.params, z.strictObject({ grace: ms })]),
  /** `adoptedByReaper` is `orphaned`: still running when its parent died (not `adopted`, which a zombie handed on is too). */
  adoptedByReaper: processId,
  /** `exitStatus` is `exitedWith` (a code) or `killedDuringRun` (a signal the clean-up did not send). */
  exitStatus: z
    .strictObject({
      process: processId.default('root'),
      code: z.number().int().optional(),
      signal: z
        .string()
        .regex(/^(SIG)?[A-Z0-9]+$/, 'a signal name such as SIGUSR1')
        .optional(),
    })
    .refine((s) => (s.code === undefined) !== (s.signal === undefined), 'give exactly one of code or signal'),
} as const

/** A check of the registry with its parameters. */
export interface ResolvedCheck {
  readonly check: CheckDefinition<unknown, unknown>
  readonly params: unknown
}

const of = <P, F>(check: CheckDefinition<P, F>, params: P): ResolvedCheck => ({
  check: check as unknown as CheckDefinition<unknown, unknown>,
  params,
})

/** The registry's check for a legacy key's value, or `undefined` when the key is not a legacy one (or is used the registry's way). */
export function resolveLegacy(key: string, value: unknown): ResolvedCheck | undefined {
  if (key === 'noZombies' && typeof value === 'object' && value !== null)
    return of(checks.reapedWithin, (value as { grace: number }).grace)
  if (key === 'adoptedByReaper') return of(checks.orphaned, value as string)
  if (key === 'exitStatus') {
    const s = value as z.output<typeof legacyCheckKinds.exitStatus>
    return s.code !== undefined
      ? of(checks.exitedWith, { process: s.process, code: s.code })
      : of(checks.killedDuringRun, { process: s.process, signal: s.signal! })
  }
  return undefined
}
