import type { RunReport } from '@proclife/runner'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { failureMessage } from '../format/message.js'
import { onReportOrCallback } from '../format/run-level.js'
import { countIds } from '../format/status.js'

/** Ids of the run's zombies: held past the grace period by a living parent, or never reaped. */
export function zombiesOf(report: RunReport): string[] {
  const defunct = report.processes.filter((p) => p.exitedAt !== null && p.reapedAt === null).map((p) => p.id)
  return [...new Set([...report.verdict.zombies, ...defunct])]
}

/**
 * Passes when no process of the run stayed a zombie longer than the zombie grace while its parent
 * lived, and none was left `<defunct>` at the end.
 */
export function toLeaveNoZombies(this: MatcherContext, received: unknown): MatcherResult | Promise<MatcherResult> {
  return onReportOrCallback(this, 'toLeaveNoZombies', '', received, (report) => {
    const zombies = zombiesOf(report)
    const grace = report.options.zombieGrace
    const neverReaped = new Set(report.processes.filter((p) => p.exitedAt !== null && p.reapedAt === null).map((p) => p.id))
    const held = zombies.filter((id) => !neverReaped.has(id))
    const unreaped = zombies.filter((id) => neverReaped.has(id))
    const what = [
      held.length > 0 ? `${countIds(held)} stayed a zombie longer than the ${grace} ms grace while its parent lived` : '',
      unreaped.length > 0 ? `${countIds(unreaped)} ${unreaped.length === 1 ? 'was' : 'were'} never reaped` : '',
    ].filter(Boolean).join(', and ')
    return {
      pass: zombies.length === 0,
      message: failureMessage(this, 'toLeaveNoZombies', this.isNot
        ? {
            sentence: `Expected the run to leave a zombie, but every process was reaped within the ${grace} ms grace.`,
            expected: 'at least 1 zombie', received: 'no zombies', report, ids: [],
          }
        : {
            sentence: `Expected the run to leave no zombies, but ${what}.`,
            expected: 'no zombies', received: countIds(zombies, 'zombie', 'zombies'), report, ids: zombies,
          }),
    }
  })
}
