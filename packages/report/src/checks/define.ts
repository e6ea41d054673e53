import type { z } from 'zod'
import type { CheckpointRecord, ProcessRecord, RunReport } from '../types.js'

/**
 * The answer of one check on one report: the rule's result, the processes it is about, and the
 * facts it read (for the words and for an interface that shows more).
 */
export interface CheckOutcome<F = unknown> {
  /** Whether the check holds. `false` whenever {@link undetermined} is set. */
  readonly pass: boolean
  /** The processes the answer is about (a failure's message highlights them). */
  readonly ids: readonly string[]
  /** What the rule read, by name, for the words. */
  readonly facts: F
  /**
   * Processes the answer hangs on that the report could not classify (`verdict.undetermined`):
   * then no interface may turn the answer into a verdict either way (a matcher throws, a lab check
   * and `--assert` fail and say why).
   */
  readonly undetermined?: readonly string[]
}

/** What an interface saw beyond the report (the grader's harness, at a held checkpoint). */
export interface CheckContext {
  /** For each checkpoint the harness released, the ids that were zombies when it released it. */
  readonly zombiesAtRelease?: ReadonlyMap<string, readonly string[]>
  /** The checkpoint's record itself, when the interface holds it (a matcher given `report.checkpoints[i]`). */
  readonly checkpoint?: CheckpointRecord
}

/** The names a check has in each interface (absent: that interface does not offer it). */
export interface CheckNames<P> {
  /** The vitest matchers that adapt it (one file each in `@proclife/vitest`). */
  readonly matchers?: readonly string[]
  /** Its key in a lab's `checks` (the value is its parameters, as {@link CheckDefinition.params} reads them). */
  readonly lab?: string
  /** Its name in `proclife run --assert`, with the parameters that name stands for. */
  readonly assert?: { readonly name: string; readonly params: P }
}

interface Common<P, F> {
  /** The check's id: camelCase, unique in the registry. */
  readonly id: string
  /** Its parameters: one schema, as a lab writes them (`true` when it has none). */
  readonly params: z.ZodType<P, unknown>
  readonly names: CheckNames<P>
  /** What the check asks, in words (a lab check's default name, `--assert`'s "expected …"). */
  asks(params: P): string
  /** What was seen, in words (a lab check's detail, `--assert`'s failure). */
  saw(outcome: CheckOutcome<F>, report: RunReport, params: P): string
}

/** A check of a whole run. */
export interface RunCheck<P = unknown, F = unknown> extends Common<P, F> {
  readonly subject: 'run'
  /** The rule. */
  evaluate(report: RunReport, params: P, context?: CheckContext): CheckOutcome<F>
}

/**
 * A check of one process of a run. Its rule reads the process's record, and the report where one
 * is known (a vitest matcher may receive a record whose report it never saw).
 */
export interface ProcessCheck<P = unknown, F = unknown> extends Common<P, F> {
  readonly subject: 'process'
  /** The id of the process the parameters name. */
  processOf(params: P): string
  /** The rule, on the process's record. */
  evaluateProcess(p: ProcessRecord, report: RunReport | undefined, params: P, context?: CheckContext): CheckOutcome<F>
}

/** One check of the registry. */
export type CheckDefinition<P = unknown, F = unknown> = RunCheck<P, F> | ProcessCheck<P, F>

/** Facts of a process check whose process is not in the run. */
export interface Missing {
  readonly missing: string
}

/** Identity helpers that keep each check's parameter and fact types. */
export const defineRunCheck = <P, F>(check: Omit<RunCheck<P, F>, 'subject'>): RunCheck<P, F> => ({
  subject: 'run',
  ...check,
})
/** See {@link defineRunCheck}. */
export const defineProcessCheck = <P, F>(check: Omit<ProcessCheck<P, F>, 'subject'>): ProcessCheck<P, F> => ({
  subject: 'process',
  ...check,
})

/** A process of a report, by id. */
export function findProcess(report: RunReport, id: string): ProcessRecord | undefined {
  return report.processes.find((p) => p.id === id)
}

/** `there is no process root.9 in this run (processes: root, root.1)`. */
export function describeMissing(report: RunReport, id: string): string {
  return `there is no process ${id} in this run (processes: ${report.processes.map((p) => p.id).join(', ') || 'none'})`
}

/**
 * Evaluates any check on a report: a process check on the process its parameters name (failing,
 * with `facts.missing`, when there is none).
 */
export function evaluateCheck<P, F>(
  check: CheckDefinition<P, F>,
  report: RunReport,
  params: P,
  context?: CheckContext,
): CheckOutcome<F | Missing> {
  if (check.subject === 'run') return check.evaluate(report, params, context)
  const id = check.processOf(params)
  const p = findProcess(report, id)
  if (!p) return { pass: false, ids: [], facts: { missing: id } }
  return check.evaluateProcess(p, report, params, context)
}

/** What was seen, in words, for any outcome of {@link evaluateCheck} (a missing process included). */
export function describeOutcome<P, F>(
  check: CheckDefinition<P, F>,
  outcome: CheckOutcome<F | Missing>,
  report: RunReport,
  params: P,
): string {
  const facts = outcome.facts as Partial<Missing> | null
  if (typeof facts === 'object' && facts !== null && typeof facts.missing === 'string')
    return describeMissing(report, facts.missing)
  return check.saw(outcome as CheckOutcome<F>, report, params)
}

/** `1 process`, `2 child processes`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
