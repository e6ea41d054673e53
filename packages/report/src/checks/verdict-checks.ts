import { zombieHoldsLongerThan } from '../verdict.js'
import { describeZombie, UNDETERMINED_WORDS } from '../words.js'
import type { RunReport } from '../types.js'
import { defineRunCheck, findProcess, type CheckOutcome } from './define.js'
import { ms, none } from './params.js'

/** Facts of a check over one list of the verdict. */
export interface ListFacts {
  /** The processes in the list. */
  readonly found: readonly string[]
}

/**
 * A list of the verdict must be empty; when it is and some process could be either a zombie or an
 * orphan, the answer is undetermined (an empty list proves nothing then).
 */
function decided(found: readonly string[], report: RunReport): CheckOutcome<ListFacts> {
  const { undetermined } = report.verdict
  if (found.length === 0 && undetermined.length > 0)
    return { pass: false, ids: undetermined, facts: { found }, undetermined }
  return { pass: found.length === 0, ids: found, facts: { found } }
}

const undeterminedWords = (outcome: CheckOutcome<unknown>): string =>
  `${(outcome.undetermined ?? []).join(', ')}: ${UNDETERMINED_WORDS}`

/** Every process that exited was reaped by its own parent (`verdict.zombies` is empty). Order, not time. */
export const noZombies = defineRunCheck({
  id: 'noZombies',
  params: none,
  names: { matchers: ['toLeaveNoZombies'], lab: 'noZombies', assert: { name: 'no-zombies', params: true } },
  evaluate: (report) => decided(report.verdict.zombies, report),
  asks: () => 'every child is reaped by its own parent',
  saw: (outcome, report) =>
    outcome.undetermined
      ? undeterminedWords(outcome)
      : outcome.pass
        ? 'every child was reaped by its own parent'
        : outcome.facts.found
            .map((id) => `${id}: ${describeZombie(findProcess(report, id)!, report.reaper)}`)
            .join('; '),
})

/** No process was still running when its parent died (`verdict.orphans` is empty). */
export const noOrphans = defineRunCheck({
  id: 'noOrphans',
  params: none,
  names: { matchers: ['toLeaveNoOrphans'], lab: 'noOrphans', assert: { name: 'no-orphans', params: true } },
  evaluate: (report) => decided(report.verdict.orphans, report),
  asks: () => 'no process is still running when its parent dies',
  saw: (outcome) =>
    outcome.undetermined
      ? undeterminedWords(outcome)
      : outcome.pass
        ? 'no process outlived its parent'
        : `${outcome.facts.found.join(', ')} ${outcome.facts.found.length === 1 ? 'was' : 'were'} still running when ${outcome.facts.found.length === 1 ? 'its parent' : 'their parents'} died`,
})

/** Facts of {@link nothingLeftRunning}. */
export interface LeftFacts extends ListFacts {
  readonly timedOut: boolean
}

/**
 * Nothing was still running when the run settled: no stray, no escaped process, and the run did
 * not time out (a timed-out run was ended by the harness, not by itself).
 */
export const nothingLeftRunning = defineRunCheck<true, LeftFacts>({
  id: 'nothingLeftRunning',
  params: none,
  names: { matchers: ['toLeaveNoStrayProcesses'], lab: 'nothingLeftRunning' },
  evaluate: (report) => {
    const found = [...new Set([...report.verdict.strays, ...report.verdict.escaped])]
    return { pass: found.length === 0 && !report.timedOut, ids: found, facts: { found, timedOut: report.timedOut } }
  },
  asks: () => 'nothing is left running at the end',
  saw: (outcome, report) =>
    outcome.facts.timedOut
      ? `the run timed out after ${report.options.timeout} ms and everything was killed`
      : outcome.pass
        ? 'everything had finished'
        : `left running: ${outcome.facts.found.join(', ')} (killed by the harness)`,
})

/** No stray: nothing in the reaper's tree was still alive when the run settled (`verdict.strays`). */
export const noStrays = defineRunCheck({
  id: 'noStrays',
  params: none,
  names: { assert: { name: 'no-strays', params: true } },
  evaluate: (report): CheckOutcome<ListFacts> => ({
    pass: report.verdict.strays.length === 0,
    ids: report.verdict.strays,
    facts: { found: report.verdict.strays },
  }),
  asks: () => 'nothing was left running when the run settled',
  saw: (outcome) => (outcome.pass ? 'no strays' : `strays: ${outcome.facts.found.join(', ')}`),
})

/** Nothing escaped the reaper's tree (`verdict.escaped`; only possible without a subreaper). */
export const noEscapes = defineRunCheck({
  id: 'noEscapes',
  params: none,
  names: { assert: { name: 'no-escapes', params: true } },
  evaluate: (report): CheckOutcome<ListFacts> => ({
    pass: report.verdict.escaped.length === 0,
    ids: report.verdict.escaped,
    facts: { found: report.verdict.escaped },
  }),
  asks: () => "nothing escaped the reaper's tree",
  saw: (outcome) => (outcome.pass ? 'nothing escaped' : `escaped: ${outcome.facts.found.join(', ')}`),
})

/** The run ended before its timeout. */
export const noTimeout = defineRunCheck({
  id: 'noTimeout',
  params: none,
  names: { assert: { name: 'no-timeout', params: true } },
  evaluate: (report): CheckOutcome<{ readonly timedOut: boolean }> => ({
    pass: !report.timedOut,
    ids: [],
    facts: { timedOut: report.timedOut },
  }),
  asks: () => 'the run did not time out',
  saw: (outcome, report) =>
    outcome.pass ? 'the run ended in time' : `the run timed out after ${report.options.timeout} ms`,
})

/** Facts of {@link reapedWithin}. */
export interface SlowFacts {
  /** The zombies held longer than allowed, with how long. */
  readonly slow: readonly { readonly id: string; readonly ms: number }[]
}

/**
 * No parent held a zombie longer than this many ms (one never reaped counts until the end). The
 * one check that asks about time, so load can change its answer; the order rule is {@link noZombies}.
 */
export const reapedWithin = defineRunCheck<number, SlowFacts>({
  id: 'reapedWithin',
  params: ms,
  names: { matchers: ['toReapChildrenWithin'], lab: 'reapedWithin' },
  evaluate: (report, limit) => {
    const slow = zombieHoldsLongerThan(report, limit)
    return { pass: slow.length === 0, ids: slow.map((z) => z.id), facts: { slow } }
  },
  asks: (limit) => `no zombie left unreaped longer than ${limit} ms`,
  saw: (outcome, _report, limit) =>
    outcome.pass
      ? `every zombie was reaped within ${limit} ms`
      : outcome.facts.slow
          .map((z) => `${z.id} stayed a zombie for ${Math.round(z.ms)} ms (allowed ${limit} ms)`)
          .join('; '),
})
