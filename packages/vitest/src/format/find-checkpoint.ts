import type { CheckpointRecord, RunReport } from '@proclife/runner'
import type { MatcherContext } from './context.js'
import { expectedTypeError } from './expected.js'

/**
 * A process matcher's checkpoint argument: a checkpoint record, or the name of one of the report's
 * checkpoints. A name the report lacks, or an argument of another kind, throws (so `.not` cannot
 * turn a misuse into a pass). `undefined` when none was given.
 */
export function findCheckpoint(
  ctx: MatcherContext,
  matcherName: string,
  at: unknown,
  report: RunReport | undefined,
): CheckpointRecord | undefined {
  if (at === undefined) return undefined
  if (typeof at === 'object' && at !== null && Array.isArray((at as CheckpointRecord).processes))
    return at as CheckpointRecord
  if (typeof at !== 'string')
    throw expectedTypeError(ctx, matcherName, at, 'a checkpoint name, or a checkpoint of the report')
  if (!report)
    throw expectedTypeError(
      ctx,
      matcherName,
      at,
      "a checkpoint of the report (report.checkpoints[i]) here: this process's report was not seen, so its checkpoints are not known",
    )
  const found = report.checkpoints.find((c) => c.name === at)
  if (!found)
    throw expectedTypeError(
      ctx,
      matcherName,
      at,
      `one of the run's checkpoints (${report.checkpoints.map((c) => JSON.stringify(c.name)).join(', ') || 'it has none'})`,
    )
  return found
}
