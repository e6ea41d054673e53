import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { parentHistory, parentName, receivedProcess } from '../format/process-level.js'

const KINDS = ['sentinel', 'init', 'subreaper'] as const

/**
 * Passes when the process was reparented (after its parent died) to `adopter`: `'reaper'` (the
 * run's reaper, whatever it is), a reaper kind (`'sentinel'`, `'init'`, `'subreaper'`), a
 * process of the run by id (`'root'`, for a fixture that makes itself a subreaper), or a pid.
 */
export function toBeAdoptedBy(this: MatcherContext, received: unknown, adopter: unknown): MatcherResult {
  if (typeof adopter !== 'number' && typeof adopter !== 'string') {
    throw expectedTypeError(this, 'toBeAdoptedBy', adopter, '"reaper", "sentinel", "init", "subreaper", a process id such as "root", or a pid')
  }
  const { p, report } = receivedProcess(this, 'toBeAdoptedBy', 'expected', received)
  const kind = KINDS.find((k) => k === adopter)
  if (kind && !report) {
    throw expectedTypeError(this, 'toBeAdoptedBy', adopter, `"reaper" here: this process's report was not seen, so the reaper's kind is not known`)
  }
  const adoptions = p.parents.slice(1)
  const matches = adoptions.some((parent) =>
    typeof adopter === 'number' ? parent.pid === adopter
      : adopter === 'reaper' ? parent.id === 'reaper'
        : kind ? parent.id === 'reaper' && report!.reaper.kind === kind
          : parent.id === adopter)
  const shown = typeof adopter === 'number' ? `pid ${adopter}` : kind ? `the ${kind}` : adopter === 'reaper' ? 'the reaper' : adopter
  const arg = typeof adopter === 'number' ? String(adopter) : JSON.stringify(adopter)
  const history = parentHistory(p, report)
  const adoptedBy = adoptions.map((parent) => parentName(parent, report)).join(', then ')
  return {
    pass: matches,
    message: failureMessage(this, 'toBeAdoptedBy', this.isNot
      ? {
          expectedArg: arg,
          sentence: `Expected ${p.id} not to be adopted by ${shown}, but it was.`,
          expected: `not adopted by ${shown}`, received: `parents: ${history}`, report, processes: [p], ids: [p.id],
        }
      : {
          expectedArg: arg,
          sentence: adoptions.length === 0
            ? `Expected ${p.id} to be adopted by ${shown}, but it was never reparented.`
            : `Expected ${p.id} to be adopted by ${shown}, but it was adopted by ${adoptedBy}.`,
          expected: `adopted by ${shown}`, received: `parents: ${history}`, report, processes: [p], ids: [p.id],
        }),
  }
}
