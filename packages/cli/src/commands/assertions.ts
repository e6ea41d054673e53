import type { RunReport } from '@proclife/runner'
import { UsageError } from '../usage-error.js'

/** A check `--assert` can make, and what it says when it fails. */
interface Check {
  readonly describe: string
  failures(report: RunReport): readonly string[]
}

const list = (kind: string, ids: readonly string[]): string[] => (ids.length === 0 ? [] : [`${kind}: ${ids.join(', ')}`])

const checks: Record<string, Check> = {
  'no-zombies': { describe: 'no process stayed a zombie past the grace period', failures: (r) => list('zombies', r.verdict.zombies) },
  'no-orphans': { describe: 'no process was orphaned and adopted', failures: (r) => list('orphans', r.verdict.orphans) },
  'no-strays': { describe: 'nothing was left running when the run settled', failures: (r) => list('strays', r.verdict.strays) },
  'no-escapes': { describe: 'nothing escaped the reaper\'s tree', failures: (r) => list('escaped', r.verdict.escaped) },
  'exit-0': { describe: 'the root exited with code 0', failures: (r) => (r.exit.code === 0 ? [] : [`root ${r.exit.signal ? `was killed by ${r.exit.signal}` : `exited with code ${r.exit.code}`}`]) },
  'no-timeout': { describe: 'the run did not time out', failures: (r) => (r.timedOut ? ['the run timed out'] : []) },
}

/** The names `--assert` accepts. */
export const assertionNames = Object.keys(checks)

/** Parses `no-zombies,no-strays`; throws a {@link UsageError} naming an unknown check. */
export function parseAssertions(value: string): string[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean)
  for (const name of names) {
    if (!(name in checks)) throw new UsageError(`unknown check "${name}" in --assert; known: ${assertionNames.join(', ')}`)
  }
  if (names.length === 0) throw new UsageError(`--assert needs at least one check: ${assertionNames.join(', ')}`)
  return names
}

/** The failed checks, each with what failed. */
export function evaluate(report: RunReport, names: readonly string[]): { name: string; describe: string; failures: readonly string[] }[] {
  return names
    .map((name) => ({ name, describe: checks[name]!.describe, failures: checks[name]!.failures(report) }))
    .filter((result) => result.failures.length > 0)
}
