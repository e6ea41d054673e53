import { checkOfLabKey, describeOutcome, evaluateCheck as evaluate, type RunReport } from '@proclife/report'
import { resolveLegacy, type ResolvedCheck } from './legacy-checks.js'
import { checkKindNames, type Check, type CheckKind } from './schema.js'

// A lab's checks are an adapter over the report's check registry: the rule and its words are the
// registry's; this file only finds the check a lab key names.

/** What the harness itself saw while it drove a run (beyond the report). */
export interface Observed {
  /** For each released checkpoint, the ids that were zombies (as /proc showed them) when the harness released it. */
  readonly zombiesAtRelease: ReadonlyMap<string, readonly string[]>
}

/** The outcome of one check on one run. */
export interface CheckOutcome {
  readonly passed: boolean
  /** Why it failed (or what was seen), in words. */
  readonly detail: string
  /** Processes the detail is about (their timeline is shown on failure). */
  readonly ids: readonly string[]
}

/** The kind of a validated check: its lab key. */
export function kindOf(check: Check): CheckKind {
  return checkKindNames.find((k) => (check as Record<string, unknown>)[k] !== undefined)!
}

/** The registry's check a lab check names, with its parameters. */
export function resolveCheck(check: Check): ResolvedCheck {
  const key = kindOf(check)
  const value = (check as Record<string, unknown>)[key]
  return resolveLegacy(key, value) ?? { check: checkOfLabKey(key)!, params: value }
}

/** What a check asks, in words: the default name of a check. */
export function describeCheck(check: Check): string {
  const { check: def, params } = resolveCheck(check)
  return def.asks(params)
}

/** Evaluates one check against one run. */
export function evaluateCheck(check: Check, report: RunReport, observed: Observed): CheckOutcome {
  const { check: def, params } = resolveCheck(check)
  const outcome = evaluate(def, report, params, { zombiesAtRelease: observed.zombiesAtRelease })
  return { passed: outcome.pass, detail: describeOutcome(def, outcome, report, params), ids: outcome.ids }
}
