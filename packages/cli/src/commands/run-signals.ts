import { normaliseSignal } from '@proclife/report'
import type { FixtureRun } from '@proclife/runner'
import { UsageError } from '../usage-error.js'

/**
 * One `--signal` of `proclife run`: which signal, to which process of the run, and when — at a
 * checkpoint (held while the signal is sent, so it arrives while the fixture waits there: the
 * same moment on every run), or some time after the start.
 */
export interface SignalPlan {
  /** `SIGINT`, `SIGTERM`, … */
  readonly signal: string
  /** The process's id in the run (`root`, `root.1`). */
  readonly id: string
  readonly at: { readonly checkpoint: string } | { readonly ms: number }
  /** The flag as given, for messages. */
  readonly text: string
}

const CHECKPOINT = 'checkpoint:'

/**
 * Parses `--signal <signal>[:<id>]@<when>`: `SIGINT@checkpoint:ready`, `TERM:root.1@500ms`,
 * `SIGUSR1@2s`. The process is the root unless an id is given.
 */
export function parseSignalFlag(text: string): SignalPlan {
  const at = text.indexOf('@')
  if (at < 0)
    throw new UsageError(`--signal needs <signal>@<when>, e.g. SIGINT@checkpoint:ready or SIGTERM@500ms; got "${text}"`)
  const [rawSignal = '', id = 'root', ...extra] = text.slice(0, at).split(':')
  const when = text.slice(at + 1)
  const signal = normaliseSignal(rawSignal)
  if (signal === undefined) throw new UsageError(`--signal ${text}: unknown signal "${rawSignal}"`)
  if (extra.length > 0 || !/^(root|adopted)(\.\d+)*$/.test(id))
    throw new UsageError(
      `--signal ${text}: "${text.slice(0, at)}" is a signal, then optionally ":" and a process id (root, root.1)`,
    )
  if (when.startsWith(CHECKPOINT)) {
    const checkpoint = when.slice(CHECKPOINT.length)
    if (!/^[\w.:-]{1,100}$/.test(checkpoint))
      throw new UsageError(`--signal ${text}: "${checkpoint}" is not a checkpoint name`)
    return { signal, id, at: { checkpoint }, text }
  }
  const time = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(when)
  if (!time)
    throw new UsageError(
      `--signal ${text}: the moment is checkpoint:<name>, or a time after the start such as 500ms or 2s; got "${when}"`,
    )
  return { signal, id, at: { ms: Number(time[1]) * (time[2] === 's' ? 1000 : 1) }, text }
}

/** The checkpoints the run must hold from the start, for the signals sent at them. */
export function heldForSignals(plans: readonly SignalPlan[]): string[] {
  return [...new Set(plans.flatMap((p) => ('checkpoint' in p.at ? [p.at.checkpoint] : [])))]
}

/**
 * Sends each planned signal at its moment. At a checkpoint: waits for it (held from the start),
 * sends, then releases it. A signal that could not be sent (its process had ended) is told on
 * `warn`; so, when the run is over (the function returned is called then), is each signal whose
 * moment never came (the run ended before the checkpoint, or before the time).
 */
export function scheduleSignals(
  run: FixtureRun,
  plans: readonly SignalPlan[],
  warn: (line: string) => void,
): () => void {
  const timers: NodeJS.Timeout[] = []
  const pending = new Set(plans)
  let over = false
  const send = (plan: SignalPlan): void => {
    if (over) return
    pending.delete(plan)
    try {
      run.signal(plan.id, plan.signal)
    } catch (error) {
      warn(`proclife: --signal ${plan.text} was not sent: ${(error as Error).message}`)
    }
  }
  for (const plan of plans) {
    const at = plan.at
    if ('ms' in at) timers.push(setTimeout(() => send(plan), at.ms))
  }
  // Every signal at one checkpoint is sent while it is held, in the order given, then it is released.
  for (const checkpoint of heldForSignals(plans)) {
    run.waitForCheckpoint(checkpoint, { timeout: 2 ** 31 - 1 }).then(
      () => {
        for (const plan of plans) if ('checkpoint' in plan.at && plan.at.checkpoint === checkpoint) send(plan)
        if (!over) run.release(checkpoint)
      },
      () => {},
    )
  }
  return () => {
    over = true
    for (const timer of timers) clearTimeout(timer)
    for (const plan of pending) {
      const moment = 'ms' in plan.at ? `${plan.at.ms} ms after the start` : `checkpoint "${plan.at.checkpoint}"`
      warn(`proclife: --signal ${plan.text} was not sent: the run ended before ${moment}`)
    }
  }
}
