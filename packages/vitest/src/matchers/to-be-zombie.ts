import type { ProcessRecord, RunReport } from '@proclife/runner'
import { describeZombie, neverReapedByParent } from '@proclife/report'
import type { MatcherContext, MatcherResult } from '../format/context.js'
import { findCheckpoint } from '../format/find-checkpoint.js'
import { failureMessage } from '../format/message.js'
import { receivedProcess } from '../format/process-level.js'

// Running and sleeping are one state for this purpose (which one a checkpoint catches is a race).
const STATES: Record<string, string> = { R: 'alive', S: 'alive', D: 'alive', I: 'alive', W: 'alive', T: 'stopped', t: 'stopped (traced)', Z: 'a zombie', X: 'dead' }

/** Whether the process is a zombie of the run: the verdict's rule (never reaped by its own parent). */
function zombieInRun(p: ProcessRecord, report: RunReport | undefined): boolean {
  if (report) return report.verdict.zombies.includes(p.id)
  return neverReapedByParent(p, p.parents.find((parent) => parent.id === 'reaper')?.pid ?? -1)
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
    const entry = checkpoint.processes.find((c) => c.pid === p.pid && c.id === p.id) ?? checkpoint.processes.find((c) => c.pid === p.pid)
    const state = entry ? STATES[entry.state] ?? `in state ${entry.state}` : 'not in the tree'
    const where = `at checkpoint "${checkpoint.name}"`
    return {
      pass: entry?.state === 'Z',
      message: failureMessage(this, 'toBeZombie', this.isNot
        ? {
            expectedArg: arg, sentence: `Expected ${p.id} not to be a zombie ${where}, but it was.`,
            expected: `not a zombie ${where}`, received: `${state} ${where}`, report, processes: [p], ids: [p.id],
          }
        : {
            expectedArg: arg, sentence: `Expected ${p.id} to be a zombie ${where}, but it was ${state}.`,
            expected: `a zombie ${where}`, received: `${state} ${where}`, report, processes: [p], ids: [p.id],
          }),
    }
  }
  const zombie = zombieInRun(p, report)
  const how = p.exitedAt === null ? 'it never exited' : `its parent reaped it`
  return {
    pass: zombie,
    message: failureMessage(this, 'toBeZombie', this.isNot
      ? {
          expectedArg: arg, sentence: `Expected ${p.id} not to be a zombie, but ${describeZombie(p, report?.reaper ?? { pid: 0, kind: 'unknown' })}.`,
          expected: 'reaped by its parent', received: p.reapedAt === null ? 'never reaped' : 'not reaped by its parent', report, processes: [p], ids: [p.id],
        }
      : {
          expectedArg: arg, sentence: `Expected ${p.id} to be a zombie its parent never reaped, but ${how}.`,
          expected: 'never reaped by its parent', received: p.exitedAt === null ? 'never exited' : 'reaped by its parent', report, processes: [p], ids: [p.id],
        }),
  }
}
