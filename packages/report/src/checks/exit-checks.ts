import { z } from 'zod'
import { normaliseSignal } from '../signals.js'
import { describeStatus } from '../words.js'
import type { ExitStatus, ProcessRecord, RunReport } from '../types.js'
import { defineProcessCheck, type CheckOutcome } from './define.js'
import { processId, signalName } from './params.js'

/** How a process ended, as far as the run knows. */
export interface ExitFacts {
  /** It ended during the run. */
  readonly exited: boolean
  /** Its wait status, when known. */
  readonly exit: ExitStatus | null
  /** The signal the clean-up sent that ended it (it was left running), if any. */
  readonly killedBy: string | null
  /** It was still alive when the run settled. */
  readonly leftover: boolean
}

/**
 * How a process ended: its own record, or for the root, the run's `exit` where the record has no
 * status (the root's exit is the one the runner waits for).
 */
export function exitOf(p: ProcessRecord, report: RunReport | undefined): ExitFacts {
  const root =
    p.id === 'root' && report !== undefined && (report.exit.code !== null || report.exit.signal !== null)
      ? report.exit
      : null
  return {
    exited: p.exitedAt !== null || root !== null,
    exit: p.exit ?? (root ? { ...root, core: false } : null),
    killedBy: p.killedBy,
    leftover: p.leftover,
  }
}

/** `still running at the end (killed by SIGTERM)`, `exit code 3`, `never exited`. */
function status(facts: ExitFacts): string {
  if (!facts.exited || facts.exit === null)
    return facts.leftover
      ? `still running at the end${facts.killedBy ? ` (killed by ${facts.killedBy})` : ''}`
      : 'never exited'
  return describeStatus(facts.exit)
}

const ended = (outcome: CheckOutcome<ExitFacts>, report: RunReport, process: string): string =>
  `${process}: ${status(outcome.facts)}${report.timedOut && process === 'root' ? ' (the run timed out)' : ''}`

/** Parameters of {@link exitedWith}. */
export interface ExitedWithParams {
  readonly process: string
  readonly code: number
}

/** The process exited normally with this exit code. */
export const exitedWith = defineProcessCheck<ExitedWithParams, ExitFacts>({
  id: 'exitedWith',
  params: z.strictObject({ process: processId.default('root'), code: z.number().int() }),
  names: {
    matchers: ['toExitWith', 'toHaveExitedWith'],
    lab: 'exitedWith',
    assert: { name: 'exit-0', params: { process: 'root', code: 0 } },
  },
  processOf: (params) => params.process,
  evaluateProcess: (p, report, { code }) => {
    const facts = exitOf(p, report)
    return {
      pass: facts.exited && facts.exit !== null && facts.exit.signal === null && facts.exit.code === code,
      ids: [p.id],
      facts,
    }
  },
  asks: ({ process, code }) => `${process} exits with code ${code}`,
  saw: (outcome, report, { process }) => ended(outcome, report, process),
})

/** Parameters of the signal checks. */
export interface KilledByParams {
  readonly process: string
  /** `SIGTERM` or `TERM`. */
  readonly signal: string
}

const wanted = (signal: string): string =>
  normaliseSignal(signal) ?? (signal.startsWith('SIG') ? signal : `SIG${signal}`)
const diedOf = (facts: ExitFacts, signal: string): boolean =>
  facts.exit !== null && facts.exit.signal === wanted(signal)

/**
 * The process died of this signal, whoever sent it: the program, a step, or the clean-up that
 * killed it because it was left running. {@link killedDuringRun} leaves the clean-up out.
 */
export const killedBy = defineProcessCheck<KilledByParams, ExitFacts>({
  id: 'killedBy',
  params: z.strictObject({ process: processId.default('root'), signal: signalName }),
  names: { matchers: ['toBeKilledBy'], lab: 'killedBy' },
  processOf: (params) => params.process,
  evaluateProcess: (p, report, { signal }) => {
    const facts = exitOf(p, report)
    return { pass: diedOf(facts, signal), ids: [p.id], facts }
  },
  asks: ({ process, signal }) => `${process} is killed by ${wanted(signal)} (the clean-up's signal counts)`,
  saw: (outcome, report, { process }) => ended(outcome, report, process),
})

/**
 * The process died of this signal during the run: not because the clean-up killed it for being
 * left running (a lab's "the parent killed its child", which the clean-up must not pass).
 */
export const killedDuringRun = defineProcessCheck<KilledByParams, ExitFacts>({
  id: 'killedDuringRun',
  params: z.strictObject({ process: processId.default('root'), signal: signalName }),
  names: { lab: 'killedDuringRun' },
  processOf: (params) => params.process,
  evaluateProcess: (p, report, { signal }) => {
    const facts = exitOf(p, report)
    return { pass: diedOf(facts, signal) && facts.killedBy === null, ids: [p.id], facts }
  },
  asks: ({ process, signal }) => `${process} is killed by ${wanted(signal)}`,
  saw: (outcome, report, { process }) => ended(outcome, report, process),
})
