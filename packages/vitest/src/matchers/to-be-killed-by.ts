import { checks, normaliseSignal } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { isProcessRecord, isRunReport, receivedTypeError, A_PROCESS, A_REPORT } from '../format/received.js'
import { rememberReport, reportOf } from '../format/report-of.js'
import { describeExit } from '../format/status.js'

/**
 * On a report: passes when the run's root process was ended by `signal`. On one process of a
 * report: passes when that process was ended by `signal` (whoever sent it, the clean-up included).
 */
export function toBeKilledBy(this: MatcherContext, received: unknown, signal: unknown): MatcherResult {
  const wanted = typeof signal === 'number' || typeof signal === 'string' ? normaliseSignal(signal) : undefined
  if (wanted === undefined)
    throw expectedTypeError(this, 'toBeKilledBy', signal, 'a signal name (such as "SIGTERM") or number')
  let subject
  let report
  if (isRunReport(received)) {
    rememberReport(received)
    report = received
    subject = received.processes.find((p) => p.id === 'root')
    if (!subject) throw receivedTypeError(this, 'toBeKilledBy', 'expected', received, `${A_REPORT} with a root process`)
  } else if (isProcessRecord(received)) {
    subject = received
    report = reportOf(received)
  } else {
    throw receivedTypeError(this, 'toBeKilledBy', 'expected', received, `${A_REPORT}, or ${A_PROCESS}`)
  }
  const outcome = checks.killedBy.evaluateProcess(subject, report, { process: subject.id, signal: wanted })
  const { exited, exit } = outcome.facts
  const actual = describeExit(exit, exited)
  const by = subject.killedBy === wanted ? ' (sent by the clean-up)' : ''
  return {
    pass: outcome.pass,
    message: failureMessage(
      this,
      'toBeKilledBy',
      this.isNot
        ? {
            expectedArg: JSON.stringify(wanted),
            sentence: `Expected ${subject.id} not to be killed by ${wanted}, but it was${by}.`,
            expected: `not killed by ${wanted}`,
            received: actual,
            report,
            processes: [subject],
            ids: [subject.id],
          }
        : {
            expectedArg: JSON.stringify(wanted),
            sentence: `Expected ${subject.id} to be killed by ${wanted}, but ${!exited ? 'it was still running' : exit?.signal ? `it was ${actual}` : exit ? `it exited with code ${exit.code}` : 'it exited'}.`,
            expected: `killed by ${wanted}`,
            received: actual,
            report,
            processes: [subject],
            ids: [subject.id],
          },
    ),
  }
}
