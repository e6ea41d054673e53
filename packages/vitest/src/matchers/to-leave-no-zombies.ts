import { checks, describeZombie } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'
import { countIds } from '../format/status.js'
import { undeterminedError } from '../format/undetermined.js'

/**
 * Passes when every process that exited was reaped by its own parent: none was handed to the
 * reaper as a zombie because its parent died first, and none was still a zombie when the run or the
 * observation ended (`verdict.zombies` is empty). How long a parent took to reap does not matter:
 * that is {@link toReapChildrenWithin}'s question.
 */
export function toLeaveNoZombies(this: MatcherContext, received: unknown): MatcherResult | Promise<MatcherResult> {
  return onReportOrCallback(this, 'toLeaveNoZombies', '', received, (report) => {
    const outcome = checks.noZombies.evaluate(report, true)
    if (outcome.undetermined) throw undeterminedError(this, 'toLeaveNoZombies', report)
    const zombies = outcome.facts.found
    const why = zombies
      .map(
        (id) =>
          `${id}: ${describeZombie(
            report.processes.find((p) => p.id === id)!,
            report.reaper,
          )}`,
      )
      .join('; ')
    return {
      pass: outcome.pass,
      message: failureMessage(
        this,
        'toLeaveNoZombies',
        this.isNot
          ? {
              sentence: 'Expected the run to leave a zombie, but every process that exited was reaped by its parent.',
              expected: 'at least 1 zombie',
              received: 'no zombies',
              report,
              ids: [],
            }
          : {
              sentence: `Expected the run to leave no zombies, but ${countIds(zombies)} ${zombies.length === 1 ? 'was' : 'were'} never reaped by ${zombies.length === 1 ? 'its parent' : 'their parents'} (${why}).`,
              expected: 'no zombies',
              received: countIds(zombies, 'zombie', 'zombies'),
              report,
              ids: zombies,
            },
      ),
    }
  })
}
