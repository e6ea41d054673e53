import type { FixtureRun } from '@proclife/runner'
import { describeJobStep, doJobStep, isJobStep } from './job-steps.js'
import type { Step } from './schema.js'

/** What a script asks of the run before it starts. */
export interface ScriptNeeds {
  /** Checkpoints the runner holds until a step releases them. */
  readonly holdCheckpoints: string[]
  /** A group signal stands for a terminal's ctrl-c: the program leads a session of its own. */
  readonly newSession: boolean
}

/** What the steps saw: the zombies at each release, and each step that did not happen. */
export interface ScriptOutcome {
  readonly zombiesAtRelease: Map<string, readonly string[]>
  /** `step N (what): problem`, one per step that could not be done. */
  readonly problems: string[]
}

/** The run options an exercise's steps need. */
export function scriptNeeds(steps: readonly Step[]): ScriptNeeds {
  return {
    holdCheckpoints: steps.flatMap((s) => ('waitCheckpoint' in s ? [s.waitCheckpoint] : [])),
    newSession: steps.some((step) => 'signal' in step && step.signal.group === true),
  }
}

/**
 * Does an exercise's steps, in order, against a started run, all within `timeout` ms of now; a
 * step that does not happen is a problem noted, and the next step is still tried. Then releases
 * every held checkpoint that no step released (it would block the program until the time limit)
 * and closes the program's stdin.
 */
export async function runScript(run: FixtureRun, steps: readonly Step[], timeout: number): Promise<ScriptOutcome> {
  const zombiesAtRelease = new Map<string, readonly string[]>()
  const problems: string[] = []
  const deadline = performance.now() + timeout
  try {
    for (const [index, step] of steps.entries()) {
      const problem = await doStep(
        run,
        step,
        Math.max(1, Math.min(step.timeout ?? Number.POSITIVE_INFINITY, deadline - performance.now())),
        zombiesAtRelease,
      )
      if (problem) problems.push(`step ${index + 1} (${describeStep(step)}): ${problem}`)
    }
  } finally {
    const released = new Set(steps.flatMap((s) => ('release' in s ? [s.release] : [])))
    for (const name of scriptNeeds(steps).holdCheckpoints) {
      if (!released.has(name)) {
        zombiesAtRelease.set(name, await zombiesNow(run))
        try {
          run.release(name)
        } catch {
          // The run is already over.
        }
      }
    }
    run.closeStdin()
  }
  return { zombiesAtRelease, problems }
}

function describeStep(step: Step): string {
  if (isJobStep(step)) return describeJobStep(step)
  if ('send' in step) return `send ${JSON.stringify(step.send)}`
  if ('closeStdin' in step) return 'close stdin'
  if ('waitCheckpoint' in step) return `wait for checkpoint "${step.waitCheckpoint}"`
  if ('release' in step) return `release "${step.release}"`
  if ('waitZombie' in step) return `wait for ${step.waitZombie} to be a zombie`
  if ('waitReaped' in step) return `wait for ${step.waitReaped} to be reaped`
  return `wait for ${step.waitExit} to exit`
}

/**
 * The run's zombies as /proc shows them now. Not the events received so far: a child reaped by the
 * kernel as it exits (SIGCHLD ignored) is known to have exited a moment before it is known to be
 * gone, and must not count as a zombie in that moment.
 */
async function zombiesNow(run: FixtureRun): Promise<string[]> {
  return (await run.look()).filter((p) => p.state === 'Z').map((p) => p.id)
}

/** Does one step; returns what went wrong, or null. */
async function doStep(
  run: FixtureRun,
  step: Step,
  timeout: number,
  zombiesAtRelease: Map<string, readonly string[]>,
): Promise<string | null> {
  const reason = (error: unknown): string =>
    (error as Error).message
      .split('\n')[0]!
      .replace(/^Waited for .*?, but /, '')
      .replace(/\.$/, '')
  try {
    if (isJobStep(step)) await doJobStep(run, step, timeout)
    else if ('send' in step) run.write(step.send.endsWith('\n') ? step.send : `${step.send}\n`)
    else if ('closeStdin' in step) run.closeStdin()
    else if ('waitCheckpoint' in step) await run.waitForCheckpoint(step.waitCheckpoint, { timeout })
    else if ('release' in step) {
      zombiesAtRelease.set(step.release, await zombiesNow(run))
      run.release(step.release)
    } else if ('waitZombie' in step) {
      const id = step.waitZombie
      await run.waitFor((v) => v.zombies.includes(id), { timeout, description: `${id} to be a zombie` })
    } else if ('waitReaped' in step) {
      const id = step.waitReaped
      await run.waitFor((v) => v.processes.some((p) => p.id === id && p.reapedAt !== null), {
        timeout,
        description: `${id} to be reaped`,
      })
    } else {
      const id = step.waitExit
      await run.waitFor((v) => v.processes.some((p) => p.id === id && p.exitedAt !== null), {
        timeout,
        description: `${id} to exit`,
      })
    }
    return null
  } catch (error) {
    return `did not happen: ${reason(error)}`
  }
}
