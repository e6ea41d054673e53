import { stateAtCheckpoint, type CheckpointLife } from '../checkpoint-state.js'
import type { CheckpointRecord, RunReport } from '../types.js'
import { defineProcessCheck, defineRunCheck, plural } from './define.js'
import { checkpointName, processAtCheckpoint } from './params.js'

/** Parameters of a check of one process at one checkpoint. */
export interface AtCheckpoint {
  readonly checkpoint: string
  readonly process: string
}

/** Facts of a check of one process at one checkpoint. */
export interface StateFacts {
  /** The checkpoint was reached. */
  readonly reached: boolean
  /** The process's state in the checkpoint's tree (`undefined`: not in it). */
  readonly state: string | undefined
  /** The harness saw it as a zombie when it released the checkpoint. */
  readonly released: boolean
}

const firstNamed = (report: RunReport | undefined, name: string): CheckpointRecord | undefined =>
  report?.checkpoints.find((c) => c.name === name)
const notReached = (name: string): string => `checkpoint "${name}" was never reached`

/**
 * The process was a zombie at the checkpoint: in the tree recorded there (exact: the fixture waited
 * while it was taken), or when the harness released it. An interface that holds the checkpoint's
 * record itself passes it as `context.checkpoint`.
 */
export const zombieAt = defineProcessCheck<AtCheckpoint, StateFacts>({
  id: 'zombieAt',
  params: processAtCheckpoint,
  names: { matchers: ['toBeZombie'], lab: 'zombieAt' },
  processOf: (params) => params.process,
  evaluateProcess: (p, report, { checkpoint }, context) => {
    const record = context?.checkpoint ?? firstNamed(report, checkpoint)
    const released = context?.zombiesAtRelease?.get(checkpoint)?.includes(p.id) ?? false
    if (!record) return { pass: false, ids: [], facts: { reached: false, state: undefined, released } }
    const entry =
      record.processes.find((c) => c.pid === p.pid && c.id === p.id) ?? record.processes.find((c) => c.pid === p.pid)
    return {
      pass: entry?.state === 'Z' || released,
      ids: [p.id],
      facts: { reached: true, state: entry?.state, released },
    }
  },
  asks: ({ process, checkpoint }) => `${process} is a zombie at checkpoint "${checkpoint}"`,
  saw: ({ pass, facts }, _report, { process, checkpoint }) =>
    !facts.reached
      ? notReached(checkpoint)
      : pass
        ? `${process} was a zombie at "${checkpoint}"`
        : `at "${checkpoint}" ${process} was ${facts.state === undefined ? 'not there (already reaped, or not yet started)' : `in state ${facts.state}, not a zombie`}`,
})

/** Facts of {@link aliveAt}. */
export interface AliveFacts {
  /** The checkpoint was reached. */
  readonly reached: boolean
  /** What the process was there (`stateAtCheckpoint`): alive, a zombie, ended, or not started. */
  readonly life: CheckpointLife | undefined
  /** The same in words ("alive, stopped", "ended: exited and reaped before it", …). */
  readonly words: string | undefined
}

/**
 * The process was alive (running, sleeping or stopped: started, and not yet exited) when the
 * checkpoint was reached, in the tree recorded there; `stateAtCheckpoint` of the report core
 * decides. An interface that holds the checkpoint's record itself passes it as `context.checkpoint`.
 */
export const aliveAt = defineProcessCheck<AtCheckpoint, AliveFacts>({
  id: 'aliveAt',
  params: processAtCheckpoint,
  names: { matchers: ['toBeAliveAt'], lab: 'aliveAt' },
  processOf: (params) => params.process,
  evaluateProcess: (p, report, { checkpoint }, context) => {
    const record = context?.checkpoint ?? firstNamed(report, checkpoint)
    if (!record) return { pass: false, ids: [], facts: { reached: false, life: undefined, words: undefined } }
    const state = stateAtCheckpoint(record, p)
    return { pass: state.life === 'alive', ids: [p.id], facts: { reached: true, life: state.life, words: state.words } }
  },
  asks: ({ process, checkpoint }) => `${process} is alive at checkpoint "${checkpoint}"`,
  saw: ({ facts }, _report, { process, checkpoint }) =>
    facts.reached ? `at "${checkpoint}" ${process} was ${facts.words}` : notReached(checkpoint),
})

/** The process had exited and been reaped when the checkpoint was reached. */
export const goneAt = defineProcessCheck<AtCheckpoint, StateFacts>({
  id: 'goneAt',
  params: processAtCheckpoint,
  names: { lab: 'goneAt' },
  processOf: (params) => params.process,
  evaluateProcess: (p, report, { checkpoint }) => {
    const record = firstNamed(report, checkpoint)
    if (!record) return { pass: false, ids: [], facts: { reached: false, state: undefined, released: false } }
    const there = record.processes.find((q) => q.id === p.id)
    return { pass: there === undefined, ids: [p.id], facts: { reached: true, state: there?.state, released: false } }
  },
  asks: ({ process, checkpoint }) => `${process} is reaped before checkpoint "${checkpoint}"`,
  saw: ({ facts }, _report, { process, checkpoint }) =>
    !facts.reached
      ? notReached(checkpoint)
      : facts.state === undefined
        ? `${process} was already reaped at "${checkpoint}"`
        : `at "${checkpoint}" ${process} was ${facts.state === 'Z' ? 'a zombie (exited, not reaped)' : 'still running'}`,
})

/** Facts of {@link noZombieAt}. */
export interface NoZombieAtFacts {
  readonly reached: boolean
  readonly zombies: readonly string[]
  /** The harness held the checkpoint and looked again when it released it. */
  readonly held: boolean
}

/** No process was a zombie at the checkpoint: when it was reached, nor (if held) when the harness released it. */
export const noZombieAt = defineRunCheck<string, NoZombieAtFacts>({
  id: 'noZombieAt',
  params: checkpointName,
  names: { lab: 'noZombieAt' },
  evaluate: (report, name, context) => {
    const record = firstNamed(report, name)
    if (!record) return { pass: false, ids: [], facts: { reached: false, zombies: [], held: false } }
    // A held checkpoint lasts until the harness releases it: a zombie at either end counts.
    const atRelease = context?.zombiesAtRelease?.get(name)
    const zombies = [
      ...new Set([...record.processes.filter((p) => p.state === 'Z').map((p) => p.id), ...(atRelease ?? [])]),
    ]
    return {
      pass: zombies.length === 0,
      ids: zombies,
      facts: { reached: true, zombies, held: atRelease !== undefined },
    }
  },
  asks: (name) => `no zombie at checkpoint "${name}"`,
  saw: ({ facts }, _report, name) => {
    if (!facts.reached) return notReached(name)
    const when = facts.held ? `while the program was held at "${name}"` : `at "${name}"`
    return facts.zombies.length === 0
      ? `no zombie ${when}`
      : `${when}, ${plural(facts.zombies.length, 'zombie')}: ${facts.zombies.join(', ')}`
  },
})

/** Facts of {@link checkpointBy}. */
export interface CallerFacts {
  readonly reached: boolean
  /** Who called it (each time it was reached). */
  readonly by: readonly string[]
}

/** The checkpoint was called by this process, every time it was reached (the work ran where it should). */
export const checkpointBy = defineRunCheck<AtCheckpoint, CallerFacts>({
  id: 'checkpointBy',
  params: processAtCheckpoint,
  names: { lab: 'checkpointBy' },
  evaluate: (report, { checkpoint, process }) => {
    const records = report.checkpoints.filter((c) => c.name === checkpoint)
    if (records.length === 0) return { pass: false, ids: [], facts: { reached: false, by: [] } }
    const by = [...new Set(records.map((c) => c.by ?? 'an unknown process'))]
    return { pass: by.length === 1 && by[0] === process, ids: [process], facts: { reached: true, by } }
  },
  asks: ({ process, checkpoint }) => `checkpoint "${checkpoint}" is called by ${process}`,
  saw: ({ facts }, _report, { checkpoint }) =>
    facts.reached ? `"${checkpoint}" was called by ${facts.by.join(', ')}` : notReached(checkpoint),
})
