import type { ProcessRecord, RunReport } from '@proclife/runner'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { parentName, receivedProcess } from '../format/process-level.js'

function reapedWords(p: ProcessRecord, report: RunReport | undefined): string {
  if (p.reapedAt === null) return p.exitedAt === null ? 'never exited' : 'never reaped'
  const last = p.parents.at(-1)
  if (p.reapedBy === 'parent') return `reaped by its parent${last ? ` ${parentName(last, report)}` : ''}`
  if (p.reapedBy === 'reaper') return `reaped by ${last ? parentName(last, report) : 'the reaper'}`
  if (p.reapedBy === 'cleanup') return 'reaped by the clean-up'
  return 'reaped (by whom is not known)'
}

/**
 * Passes when the process was reaped by `reaper`: `'parent'` (its own parent, through `wait`),
 * `'reaper'` (the run's sentinel or the machine's reaper, after adopting it), `'cleanup'` (the
 * runner, after killing a stray), or a process id such as `'root'` (that process, as its parent).
 */
export function toBeReapedBy(this: MatcherContext, received: unknown, reaper: unknown): MatcherResult {
  if (typeof reaper !== 'string' || reaper === '') {
    throw expectedTypeError(this, 'toBeReapedBy', reaper, '"parent", "reaper", "cleanup" or a process id such as "root"')
  }
  const { p, report } = receivedProcess(this, 'toBeReapedBy', 'expected', received)
  const last = p.parents.at(-1)
  const pass = reaper === 'parent' || reaper === 'reaper' || reaper === 'cleanup'
    ? p.reapedBy === reaper
    : p.reapedBy === 'parent' && last?.id === reaper
  const shown = reaper === 'parent' ? 'its parent' : reaper === 'reaper' ? 'the reaper' : reaper === 'cleanup' ? 'the clean-up' : reaper
  const actual = reapedWords(p, report)
  return {
    pass,
    message: failureMessage(this, 'toBeReapedBy', this.isNot
      ? {
          expectedArg: JSON.stringify(reaper), sentence: `Expected ${p.id} not to be reaped by ${shown}, but it was.`,
          expected: `not reaped by ${shown}`, received: actual, report, processes: [p], ids: [p.id],
        }
      : {
          expectedArg: JSON.stringify(reaper), sentence: `Expected ${p.id} to be reaped by ${shown}, but it was ${actual}.`,
          expected: `reaped by ${shown}`, received: actual, report, processes: [p], ids: [p.id],
        }),
  }
}
