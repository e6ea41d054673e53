import type { PoolAdapter } from '@proclife/vitest/pool-adapter'
import type { Clause, ScenarioRun } from './clause.js'

/** The first lines of every failure: the adapter, the clause, and the kind of bug it catches. */
export function clauseHeader(adapter: PoolAdapter, clause: Clause, scenario: string): string {
  const run = clause.scenarios(adapter).length > 1 ? ` (run "${scenario}")` : ''
  return `Pool contract of "${adapter.name}", clause ${clause.id}${run}: ${clause.promise}.\nA failure here catches: ${clause.catches}.`
}

/** Runs an assertion and, when it fails, puts the clause's header above the matcher's message. */
export async function asClause(header: string, assertion: () => void | Promise<void>): Promise<void> {
  try {
    await assertion()
  } catch (error) {
    if (error instanceof Error) {
      error.message = `${header}\n\n${error.message}`
      throw error
    }
    throw new Error(`${header}\n\n${String(error)}`, { cause: error })
  }
}

/**
 * Why a run cannot be judged, when the scenario did not play out: a step failed (the second
 * terminate() threw), the run timed out (a step hung), or the pool's process died before its
 * signal. The clause fails with it: a pool that hangs or throws does not pass.
 */
export function scenarioProblem({ report, host }: ScenarioRun, clause: Clause): string | undefined {
  if (host.failed) return `The step "${host.failed.step}" failed: ${host.failed.error}`
  if (clause.signalled) {
    if (report.checkpoints.some((c) => c.name === 'pool:ready')) return undefined
  } else if (host.done) {
    return undefined
  }
  const last = host.steps.at(-1)
  const why = report.timedOut
    ? `did not finish within ${report.options.timeout} ms`
    : `ended (${exitWords(report.exit)}) before the scenario's end`
  return `The pool's process ${why}${last ? `; the last step it started: "${last}"` : ''}.${report.stderr ? `\nIts stderr:\n${report.stderr.trimEnd()}` : ''}`
}

const exitWords = (exit: ScenarioRun['report']['exit']): string =>
  exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`
