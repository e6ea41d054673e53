import { checks, describeZombie } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { findCheckpoint } from '../format/find-checkpoint.js'
import { failureMessage } from '../format/message.js'
import { receivedProcess } from '../format/process-level.js'
import { undeterminedError } from '../format/undetermined.js'

// Running and sleeping are one state for this purpose (which one a checkpoint catches is a race).
const STATES: Record<string, string> = {
  R: 'alive',
  S: 'alive',
  D: 'alive',
  I: 'alive',
  W: 'alive',
  T: 'stopped',
  t: 'stopped (traced)',
  Z: 'a zombie',
  X: 'dead',
}

/**
 * With a checkpoint (its name, or the checkpoint record): passes when the process was a zombie in
 * the tree recorded at that checkpoint — exact, since the fixture waited while it was taken.
 * Without: passes when it is one of the run's zombies — its own parent never reaped it (decided by
 * the order of events, as `verdict.zombies` is).
 */
export function toBeZombie(this: MatcherContext, received: unknown, at?: unknown): MatcherResult {
  const { p, report } = receivedProcess(this, 'toBeZombie', at === undefined ? '' : 'checkpoint', received)
  const checkpoint = findCheckpoint(this, 'toBeZombie', at, report)
  const arg = checkpoint ? JSON.stringify(checkpoint.name) : ''
  if (checkpoint) {
    const outcome = checks.zombieAt.evaluateProcess(
      p,
      report,
      { checkpoint: checkpoint.name, process: p.id },
      { checkpoint },
    )
    const entry = outcome.facts.state
    const state = entry !== undefined ? (STATES[entry] ?? `in state ${entry}`) : 'not in the tree'
    const where = `at checkpoint "${checkpoint.name}"`
    return {
      pass: outcome.pass,
      message: failureMessage(
        this,
        'toBeZombie',
        this.isNot
          ? {
              expectedArg: arg,
              sentence: `Expected ${p.id} not to be a zombie ${where}, but it was.`,
              expected: `not a zombie ${where}`,
              received: `${state} ${where}`,
              report,
              processes: [p],
              ids: [p.id],
            }
          : {
              expectedArg: arg,
              sentence: `Expected ${p.id} to be a zombie ${where}, but it was ${state}.`,
              expected: `a zombie ${where}`,
              received: `${state} ${where}`,
              report,
              processes: [p],
              ids: [p.id],
            },
      ),
    }
  }
  const outcome = checks.zombie.evaluateProcess(p, report, p.id)
  if (outcome.undetermined && report) throw undeterminedError(this, 'toBeZombie', report)
  const how = p.exitedAt === null ? 'it never exited' : `its parent reaped it`
  return {
    pass: outcome.pass,
    message: failureMessage(
      this,
      'toBeZombie',
      this.isNot
        ? {
            expectedArg: arg,
            sentence: `Expected ${p.id} not to be a zombie, but ${describeZombie(p, report?.reaper ?? { pid: 0, kind: 'unknown' })}.`,
            expected: 'reaped by its parent',
            received: p.reapedAt === null ? 'never reaped' : 'not reaped by its parent',
            report,
            processes: [p],
            ids: [p.id],
          }
        : {
            expectedArg: arg,
            sentence: `Expected ${p.id} to be a zombie its parent never reaped, but ${how}.`,
            expected: 'never reaped by its parent',
            received: p.exitedAt === null ? 'never exited' : 'reaped by its parent',
            report,
            processes: [p],
            ids: [p.id],
          },
    ),
  }
}
