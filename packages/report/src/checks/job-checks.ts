import { z } from 'zod'
import { lastGroup, leadsOwnGroup as leadsOwn } from '../groups.js'
import { normaliseSignal } from '../signals.js'
import { continuedStop } from '../stops.js'
import { heldTerminal } from '../terminal.js'
import { describeStoppedThenContinued } from '../words.js'
import type { ForegroundRecord, RunReport } from '../types.js'
import { defineProcessCheck, defineRunCheck, findProcess, type CheckOutcome, type Missing } from './define.js'
import { processId } from './params.js'

/** ` (root's)` when a process of the run has the group's id as pid: whose group it is. */
function groupOwner(report: RunReport, pgid: number): string {
  const owner = report.processes.find((q) => q.pid === pgid)
  return owner ? ` (${owner.id}'s)` : ''
}

/** Facts of {@link leadsOwnGroup}. */
export interface GroupFacts {
  readonly pid: number
  /** The group it was last seen in (`null`: never read). */
  readonly pgid: number | null
}

/** The process led a process group of its own (its group id is its pid), as a shell's job should. */
export const leadsOwnGroup = defineProcessCheck<string, GroupFacts>({
  id: 'leadsOwnGroup',
  params: processId,
  names: { lab: 'leadsOwnGroup' },
  processOf: (id) => id,
  evaluateProcess: (p) => ({
    pass: leadsOwn(p) === true,
    ids: [p.id],
    facts: { pid: p.pid, pgid: lastGroup(p)?.pgid ?? null },
  }),
  asks: (id) => `${id} leads a process group of its own`,
  saw: ({ pass, facts }, report, id) =>
    facts.pgid === null
      ? `the process group of ${id} was never read (this run's sentinel does not report groups)`
      : pass
        ? `${id} (pid ${facts.pid}) led its own process group`
        : `${id} (pid ${facts.pid}) was in process group ${facts.pgid}${groupOwner(report, facts.pgid)}, not one of its own`,
})

/** Facts of {@link sameGroup}. */
export interface SameGroupFacts {
  /** Each process's last group (`null`: never read). */
  readonly groups: readonly { readonly id: string; readonly pgid: number | null }[]
}

/** All these processes were in one process group (as last seen), e.g. a job's processes. */
export const sameGroup = defineRunCheck<string[], SameGroupFacts | Missing>({
  id: 'sameGroup',
  params: z.array(processId).min(2, 'name at least two processes'),
  names: { lab: 'sameGroup' },
  evaluate: (report, ids): CheckOutcome<SameGroupFacts | Missing> => {
    const absent = ids.find((id) => !findProcess(report, id))
    if (absent !== undefined) return { pass: false, ids: [], facts: { missing: absent } }
    const groups = ids.map((id) => ({ id, pgid: lastGroup(findProcess(report, id)!)?.pgid ?? null }))
    const pgids = new Set(groups.map((g) => g.pgid))
    return { pass: pgids.size === 1 && !pgids.has(null), ids, facts: { groups } }
  },
  asks: (ids) => `${ids.join(', ')} are in one process group`,
  saw: ({ pass, facts }) =>
    'missing' in facts
      ? ''
      : pass
        ? `all in process group ${facts.groups[0]!.pgid}`
        : facts.groups
            .map((g) => `${g.id} in ${g.pgid === null ? 'a group never read' : `group ${g.pgid}`}`)
            .join(', '),
})

/** Facts of {@link inForeground}. */
export interface ForegroundFacts {
  /** The run had a terminal. */
  readonly terminal: boolean
  /** When its group took the terminal, if it did. */
  readonly held: ForegroundRecord | null
  /** Its job's group. */
  readonly group: number
  /** The groups that held the terminal (0, "none", left out). */
  readonly foreground: readonly number[]
}

/**
 * The process's job held the run's terminal while the process lived (the rule is `heldTerminal`):
 * the terminal's foreground group was its group, as a shell's foreground job should. Needs a terminal.
 */
export const inForeground = defineProcessCheck<string, ForegroundFacts>({
  id: 'inForeground',
  params: processId,
  names: { lab: 'inForeground' },
  processOf: (id) => id,
  evaluateProcess: (p, report) => {
    const held = report ? heldTerminal(report, p) : null
    const foreground = [
      ...new Set((report?.terminal?.foreground ?? []).map((f) => f.pgid).filter((pgid) => pgid !== 0)),
    ]
    return {
      pass: held !== null,
      ids: [p.id],
      facts: { terminal: report?.terminal !== undefined, held, group: lastGroup(p)?.pgid ?? p.pid, foreground },
    }
  },
  asks: (id) => `${id} holds the terminal (its group is the foreground group)`,
  saw: ({ facts }, report, id) => {
    if (!facts.terminal) return 'the run had no terminal (the exercise needs terminal: true)'
    if (facts.held !== null)
      return `${id}'s process group ${facts.held.pgid} held the terminal from ${Math.round(facts.held.at)} ms`
    const list = facts.foreground.map((pgid) => `${pgid}${groupOwner(report, pgid)}`).join(', ')
    return `${id} (process group ${facts.group}) never held the terminal while it lived; the terminal's foreground group${facts.foreground.length === 1 ? ' was' : 's were'} ${list || 'none'}`
  },
})

/** The process of a `stoppedThenContinued` check, and (long form) the stop signal. */
export type StopParams = string | { readonly process: string; readonly by?: string | undefined }

const stopOf = (params: StopParams): { process: string; by: string | undefined } =>
  typeof params === 'string'
    ? { process: params, by: undefined }
    : { process: params.process, by: params.by === undefined ? undefined : normaliseSignal(params.by) }

/**
 * The process was stopped by job control (SIGTSTP, SIGSTOP, …) and later continued (SIGCONT); in
 * the long form, stopped `by` that signal (known under exact capture only).
 */
export const stoppedThenContinued = defineProcessCheck<StopParams, { readonly words: string }>({
  id: 'stoppedThenContinued',
  params: z.union([
    processId,
    z.strictObject({
      process: processId,
      by: z
        .string()
        .regex(/^(SIG)?(TSTP|STOP|TTIN|TTOU)$/i, 'a stop signal: SIGTSTP, SIGSTOP, SIGTTIN or SIGTTOU')
        .optional(),
    }),
  ]),
  names: { lab: 'stoppedThenContinued' },
  processOf: (params) => stopOf(params).process,
  evaluateProcess: (p, _report, params) => {
    const { by } = stopOf(params)
    return {
      pass: continuedStop(p, by) !== undefined,
      ids: [p.id],
      facts: { words: describeStoppedThenContinued(p, by) },
    }
  },
  asks: (params) => {
    const { process, by } = stopOf(params)
    return by === undefined
      ? `${process} is stopped and later continued`
      : `${process} is stopped by ${by} and later continued`
  },
  saw: ({ facts }) => facts.words,
})
