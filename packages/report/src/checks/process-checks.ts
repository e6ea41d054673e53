import { z } from 'zod'
import { neverReapedByParent } from '../verdict.js'
import { describeParent, describeReapedBy, UNDETERMINED_WORDS } from '../words.js'
import type { ProcessRecord, RunReport } from '../types.js'
import { defineProcessCheck, type CheckOutcome } from './define.js'
import { processId } from './params.js'

const byId = (id: string): string => id
const unknownReaper: RunReport['reaper'] = { pid: 0, kind: 'unknown' }

/** Facts of a check of one process's adoption. */
export interface AdoptionFacts {
  readonly adopted: boolean
  readonly orphaned: boolean
  readonly exited: boolean
}

/** Whether the report could not tell if the process was a zombie or an orphan (`verdict.undetermined`). */
const undecided = (p: ProcessRecord, report: RunReport | undefined): boolean =>
  report?.verdict.undetermined.includes(p.id) ?? false

const adoption = (p: ProcessRecord): AdoptionFacts => ({
  adopted: p.adopted,
  orphaned: p.orphaned,
  exited: p.exitedAt !== null,
})

/**
 * The process got a new parent (the run's reaper, or a subreaper in between) because its parent
 * died: whether it was still running then, or already a zombie handed on. The narrower fact,
 * still running when its parent died, is {@link orphaned}.
 */
export const adopted = defineProcessCheck<string, AdoptionFacts>({
  id: 'adopted',
  params: processId,
  names: { matchers: ['toBeAdoptedByInit'], lab: 'adopted' },
  processOf: byId,
  evaluateProcess: (p) => ({ pass: p.adopted, ids: [p.id], facts: adoption(p) }),
  asks: (id) => `${id} is adopted by the reaper after its parent dies (running, or as a zombie)`,
  saw: ({ facts }, _report, id) =>
    !facts.adopted
      ? `${id} was never adopted: its parent outlived it`
      : facts.orphaned
        ? `${id} was still running when its parent died, and was adopted by the reaper`
        : `${id} exited before its parent died, and was handed to the reaper as a zombie`,
})

/**
 * The process was still running when its parent died (an orphan), so it was adopted. Decided by
 * the order of its exit and its parent's death; undetermined when capture saw both only together.
 */
export const orphaned = defineProcessCheck<string, AdoptionFacts>({
  id: 'orphaned',
  params: processId,
  names: { matchers: ['toOutliveParent'], lab: 'orphaned' },
  processOf: byId,
  evaluateProcess: (p, report) =>
    undecided(p, report)
      ? { pass: false, ids: [p.id], facts: adoption(p), undetermined: [p.id] }
      : { pass: p.orphaned, ids: [p.id], facts: adoption(p) },
  asks: (id) => `${id} is still running when its parent dies, and is adopted by the reaper`,
  saw: (outcome, _report, id) =>
    outcome.undetermined
      ? `${id}: ${UNDETERMINED_WORDS}`
      : outcome.facts.orphaned
        ? `${id} was still running when its parent died, and was adopted by the reaper`
        : outcome.facts.adopted
          ? `${id} exited before its parent died: it was handed to the reaper as a zombie, not orphaned`
          : `${id} was never orphaned: its parent outlived it`,
})

/** The kinds of reaper `adoptedBy` may name. */
const REAPER_KINDS = ['sentinel', 'init', 'subreaper'] as const

/** Parameters of {@link adoptedBy}. */
export interface AdoptedByParams {
  readonly process: string
  /** `'reaper'`, a reaper kind (`'sentinel'`, `'init'`, `'subreaper'`), a process id, or a pid. */
  readonly by: string | number
}

/** Facts of {@link adoptedBy}. */
export interface AdoptedByFacts {
  /** The parents it was reparented to, in order. */
  readonly adoptions: ProcessRecord['parents']
}

/**
 * The process was reparented (after its parent died) to this adopter: `'reaper'` (whatever the
 * run's reaper is), a reaper kind (needs the report), a process of the run by id, or a pid.
 */
export const adoptedBy = defineProcessCheck<AdoptedByParams, AdoptedByFacts>({
  id: 'adoptedBy',
  params: z.strictObject({ process: processId, by: z.union([z.string().min(1), z.number().int().positive()]) }),
  names: { matchers: ['toBeAdoptedBy'] },
  processOf: (params) => params.process,
  evaluateProcess: (p, report, { by }) => {
    const adoptions = p.parents.slice(1)
    const kind = REAPER_KINDS.find((k) => k === by)
    const pass = adoptions.some((parent) =>
      typeof by === 'number'
        ? parent.pid === by
        : by === 'reaper'
          ? parent.id === 'reaper'
          : kind
            ? parent.id === 'reaper' && report?.reaper.kind === kind
            : parent.id === by,
    )
    return { pass, ids: [p.id], facts: { adoptions } }
  },
  asks: ({ process, by }) =>
    `${process} is adopted by ${typeof by === 'number' ? `pid ${by}` : by === 'reaper' ? 'the reaper' : by}`,
  saw: ({ facts }, report, { process }) =>
    facts.adoptions.length === 0
      ? `${process} was never reparented`
      : `${process} was adopted by ${facts.adoptions.map((parent) => describeParent(parent, report)).join(', then ')}`,
})

/** Facts of {@link zombie}. */
export interface ZombieFacts {
  readonly exited: boolean
  readonly reapedBy: ProcessRecord['reapedBy']
}

/**
 * The process is one of the run's zombies: its own parent never reaped it (the verdict's rule,
 * by the order of events; read from the process's own record when its report is not known).
 */
export const zombie = defineProcessCheck<string, ZombieFacts>({
  id: 'zombie',
  params: processId,
  names: { matchers: ['toBeZombie'], lab: 'zombie' },
  processOf: byId,
  evaluateProcess: (p, report): CheckOutcome<ZombieFacts> => {
    const facts = { exited: p.exitedAt !== null, reapedBy: p.reapedBy }
    if (undecided(p, report)) return { pass: false, ids: [p.id], facts, undetermined: [p.id] }
    const pass = report
      ? report.verdict.zombies.includes(p.id)
      : neverReapedByParent(p, p.parents.find((parent) => parent.id === 'reaper')?.pid ?? -1)
    return { pass, ids: [p.id], facts }
  },
  asks: (id) => `${id} is a zombie its parent never reaps`,
  saw: (outcome, report, id) =>
    outcome.undetermined
      ? `${id}: ${UNDETERMINED_WORDS}`
      : outcome.pass
        ? `${id} was never reaped by its parent`
        : outcome.facts.exited
          ? `${id} was reaped by ${describeReapedBy(outcome.facts, report.reaper)}`
          : `${id} never exited`,
})

/** Parameters of {@link reapedBy}. */
export interface ReapedByParams {
  readonly process: string
  /** `'parent'`, `'reaper'`, `'cleanup'`, or a process id (that process, as its parent). */
  readonly by: string
}

/** Who reaped the process: its own parent, the reaper, the clean-up, or a named process as its parent. */
export const reapedBy = defineProcessCheck<ReapedByParams, ZombieFacts>({
  id: 'reapedBy',
  params: z.strictObject({ process: processId, by: z.union([z.enum(['parent', 'reaper', 'cleanup']), processId]) }),
  names: { matchers: ['toBeReapedBy'], lab: 'reapedBy' },
  processOf: (params) => params.process,
  evaluateProcess: (p, _report, { by }) => {
    const last = p.parents.at(-1)
    const pass =
      by === 'parent' || by === 'reaper' || by === 'cleanup'
        ? p.reapedBy === by
        : p.reapedBy === 'parent' && last?.id === by
    return { pass, ids: [p.id], facts: { exited: p.exitedAt !== null, reapedBy: p.reapedBy } }
  },
  asks: ({ process, by }) =>
    `${process} is reaped by ${by === 'parent' ? 'its parent' : by === 'reaper' ? 'the reaper' : by === 'cleanup' ? 'the clean-up' : by}`,
  saw: ({ facts }, report, { process, by }) =>
    `${process} was reaped by ${describeReapedBy(facts, report?.reaper ?? unknownReaper)}${facts.reapedBy === 'reaper' && by === 'parent' ? ' (its parent never waited for it)' : ''}`,
})
