import type { FixtureRun } from '@proclife/runner'
import { describeKeys, isKeyName, KEYS } from '@proclife/report'
import type { Step } from './schema.js'

/** What a `type` step types: a named key (`ctrl-c`) as its byte, any other text as it is. */
function keysOf(text: string): string {
  return isKeyName(text) ? KEYS[text] : text
}

/** The steps that wait for a process's life (spawned, stopped, continued), signal a group, or type at the terminal. */
export type JobStep = StepWith<'waitSpawn' | 'waitStopped' | 'waitContinued' | 'signal' | 'type'>

/** The kinds of step that have one of these keys. */
type StepWith<K extends string> = Step extends infer S
  ? S extends unknown
    ? keyof S & K extends never
      ? never
      : S
    : never
  : never

/** Whether a step is one of {@link JobStep}: a wait on a process's life, or any `signal` step. */
export function isJobStep(step: Step): step is JobStep {
  return 'waitSpawn' in step || 'waitStopped' in step || 'waitContinued' in step || 'signal' in step || 'type' in step
}

/** What a job step does, in words (for the notes of a step that did not happen). */
export function describeJobStep(step: JobStep): string {
  if ('waitSpawn' in step) return `wait for ${step.waitSpawn} to be spawned`
  if ('waitStopped' in step) return `wait for ${step.waitStopped} to be stopped`
  if ('waitContinued' in step) return `wait for ${step.waitContinued} to be continued`
  if ('type' in step) return `type ${describeKeys(keysOf(step.type))} at the terminal`
  return `send ${step.signal.signal} to ${step.signal.group === true ? `the process group of ${step.signal.process}` : step.signal.process}`
}

/**
 * Does one job step within `timeout` ms. A `signal` step with a `timeout` first waits that long for
 * its process to exist (a job the program has not started yet); without one it signals at once,
 * as it always did. Throws what went wrong.
 */
export async function doJobStep(run: FixtureRun, step: JobStep, timeout: number): Promise<void> {
  if ('type' in step) {
    run.type(keysOf(step.type))
  } else if ('signal' in step) {
    const { process: id, group } = step.signal
    const name = step.signal.signal.startsWith('SIG') ? step.signal.signal : `SIG${step.signal.signal}`
    if (step.timeout !== undefined)
      await run.waitFor((v) => v.processes.some((p) => p.id === id), { timeout, description: `${id} to be spawned` })
    if (group === true) await run.signalGroup(id, name)
    else run.signal(id, name)
  } else if ('waitSpawn' in step) {
    const id = step.waitSpawn
    await run.waitFor((v) => v.processes.some((p) => p.id === id), { timeout, description: `${id} to be spawned` })
  } else if ('waitStopped' in step) {
    const id = step.waitStopped
    await run.waitFor((v) => v.processes.some((p) => p.id === id && p.stopped.at(-1)?.to === null), {
      timeout,
      description: `${id} to be stopped`,
    })
  } else {
    const id = step.waitContinued
    await run.waitFor((v) => v.processes.some((p) => p.id === id && p.stopped.some((s) => s.to !== null)), {
      timeout,
      description: `${id} to be continued after a stop`,
    })
  }
}
