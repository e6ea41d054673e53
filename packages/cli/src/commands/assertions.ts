import { checkList, checkOfAssertName, describeOutcome, evaluateCheck, type RunReport } from '@proclife/report'
import { UsageError } from '../usage-error.js'

// `--assert` is an adapter over the report's check registry: a name stands for one check with
// fixed parameters (`exit-0` is `exitedWith` root 0); the rule and its words are the registry's.

/** The names `--assert` accepts, in the registry's order. */
export const assertionNames = checkList.flatMap((c) => (c.names.assert ? [c.names.assert.name] : []))

/** Parses `no-zombies,no-strays`; throws a {@link UsageError} naming an unknown check. */
export function parseAssertions(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const name of names) {
    if (!assertionNames.includes(name))
      throw new UsageError(`unknown check "${name}" in --assert; known: ${assertionNames.join(', ')}`)
  }
  if (names.length === 0) throw new UsageError(`--assert needs at least one check: ${assertionNames.join(', ')}`)
  return names
}

/** The failed checks, each with what it asks and what was seen instead. */
export function evaluate(
  report: RunReport,
  names: readonly string[],
): { name: string; describe: string; failures: readonly string[] }[] {
  return names.flatMap((name) => {
    const check = checkOfAssertName(name)!
    const params = check.names.assert!.params
    const outcome = evaluateCheck(check, report, params)
    return outcome.pass
      ? []
      : [{ name, describe: check.asks(params), failures: [describeOutcome(check, outcome, report, params)] }]
  })
}
