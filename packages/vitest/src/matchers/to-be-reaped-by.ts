import { checks, describeReaping } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { receivedProcess } from '../format/process-level.js'

/**
 * Passes when the process was reaped by `reaper`: `'parent'` (its own parent, through `wait`),
 * `'reaper'` (the run's sentinel or the machine's reaper, after adopting it), `'cleanup'` (the
 * runner, after killing a stray), or a process id such as `'root'` (that process, as its parent).
 */
export function toBeReapedBy(this: MatcherContext, received: unknown, reaper: unknown): MatcherResult {
  if (typeof reaper !== 'string' || reaper === '') {
    throw expectedTypeError(
      this,
      'toBeReapedBy',
      reaper,
      '"parent", "reaper", "cleanup" or a process id such as "root"',
    )
  }
  const { p, report } = receivedProcess(this, 'toBeReapedBy', 'expected', received)
  const pass = checks.reapedBy.evaluateProcess(p, report, { process: p.id, by: reaper }).pass
  const shown =
    reaper === 'parent'
      ? 'its parent'
      : reaper === 'reaper'
        ? 'the reaper'
        : reaper === 'cleanup'
          ? 'the clean-up'
          : reaper
  const actual = describeReaping(p, report)
  return {
    pass,
    message: failureMessage(
      this,
      'toBeReapedBy',
      this.isNot
        ? {
            expectedArg: JSON.stringify(reaper),
            sentence: `Expected ${p.id} not to be reaped by ${shown}, but it was.`,
            expected: `not reaped by ${shown}`,
            received: actual,
            report,
            processes: [p],
            ids: [p.id],
          }
        : {
            expectedArg: JSON.stringify(reaper),
            sentence: `Expected ${p.id} to be reaped by ${shown}, but it was ${actual}.`,
            expected: `reaped by ${shown}`,
            received: actual,
            report,
            processes: [p],
            ids: [p.id],
          },
    ),
  }
}
