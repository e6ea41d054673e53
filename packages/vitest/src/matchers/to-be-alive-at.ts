import { checks } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { findCheckpoint } from '../format/find-checkpoint.js'
import { failureMessage } from '../format/message.js'
import { receivedProcess } from '../format/process-level.js'

/**
 * Passes when the process was alive (running, sleeping or stopped: not a zombie, not ended, and
 * already started) when the fixture called `checkpoint(name)`. `.not` passes when it had ended
 * by then, or was a zombie, or was not started yet; the message says which. Read from the tree
 * recorded at the checkpoint, which is exact: the registry's `aliveAt` check decides.
 */
export function toBeAliveAt(this: MatcherContext, received: unknown, at: unknown): MatcherResult {
  const { p, report } = receivedProcess(this, 'toBeAliveAt', 'checkpoint', received)
  if (at === undefined)
    throw expectedTypeError(this, 'toBeAliveAt', at, 'a checkpoint name, or a checkpoint of the report')
  const checkpoint = findCheckpoint(this, 'toBeAliveAt', at, report)!
  const { pass, facts } = checks.aliveAt.evaluateProcess(
    p,
    report,
    { checkpoint: checkpoint.name, process: p.id },
    { checkpoint },
  )
  const where = `at checkpoint "${checkpoint.name}"`
  const words = facts.words ?? 'not there'
  const common = {
    expectedArg: JSON.stringify(checkpoint.name),
    received: `${words} ${where}`,
    report,
    processes: [p],
    ids: [p.id],
  }
  return {
    pass,
    message: failureMessage(
      this,
      'toBeAliveAt',
      this.isNot
        ? {
            ...common,
            sentence: `Expected ${p.id} to have ended ${where}, but it was ${words}.`,
            expected: `not alive ${where}`,
          }
        : {
            ...common,
            sentence: `Expected ${p.id} to be alive ${where}, but it was ${words}.`,
            expected: `alive ${where}`,
          },
    ),
  }
}
