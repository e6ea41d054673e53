import { UNDETERMINED_WORDS, type RunReport } from '@proclife/report'
import { UsageError } from '../usage-error.js'

/** A check `--assert` can make, and what it says when it fails. */
interface Check {
  readonly describe: string
  failures(report: RunReport): readonly string[]
}

const list = (kind: string, ids: readonly string[]): string[] => (ids.length === 0 ? [] : [`${kind}: ${ids.join(', ')}`])
// An empty list proves nothing while some process could be either a zombie or an orphan.
const decided = (kind: string, ids: readonly string[], r: RunReport): string[] =>
  ids.length > 0 ? list(kind, ids) : list('undetermined', r.verdict.undetermined).map((line) => `${line} (${UNDETERMINED_WORDS})`)

const checks: Record<string, Check> = {
  'no-zombies': { describe: 'every process that exited was reaped by its own parent', failures: (r) => decided('zombies', r.verdict.zombies, r) },
  'no-orphans': { describe: 'no process was still running when its parent died', failures: (r) => decided('orphans', r.verdict.orphans, r) },
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
