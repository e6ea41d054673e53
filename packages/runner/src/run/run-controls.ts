import type { ProcessState } from '@proclife/proctable'
import {
  liveView,
  normaliseSignal,
  ProcessModel,
  type KeyName,
  type CheckpointProcess,
  type CheckpointRecord,
  type RawCheckpoint,
  type RunView,
  type SentinelTreeEntry,
} from '@proclife/report'
import { formatCommand, type SentinelLike } from '@proclife/sentinel'
import { GroupSignalError } from '../errors.js'
import { checkCheckpointName, type ResolvedOptions } from '../options.js'
import { GroupSignals } from './group-signals.js'
import { RunInput } from './input.js'
import { BoundedOutput } from './output.js'
import { SnapshotRequests } from './snapshots.js'
import type { WaitCondition, WaitForOptions } from './start-fixture.js'
import { waitForOutput, type OutputMatch, type WaitForOutputOptions } from './wait-for-output.js'
import { waitForView } from './wait-for-view.js'

/**
 * What a test can do with a run while it goes on: look at it, wait for a state, a checkpoint or
 * output, hold and release checkpoints, signal a process or its group, type at its terminal.
 * {@link Run} adds the run's life, from the sentinel's events to the report.
 */
export abstract class RunControls {
  protected readonly model = new ProcessModel()
  protected readonly checkpoints: RawCheckpoint[] = []
  protected readonly stdout: BoundedOutput
  protected readonly stderr: BoundedOutput
  protected readonly snapshots = new SnapshotRequests()
  /** Group signals sent and not yet answered. */
  protected readonly groupSignals = new GroupSignals()
  /** Checkpoints the harness holds now (from `holdCheckpoints`, `hold`, less `release`). */
  protected readonly held: Set<string>
  protected readonly input: RunInput
  /** The run is over (or ending): nothing more is asked of the sentinel. */
  protected finished = false

  constructor(
    protected readonly sentinel: SentinelLike,
    protected readonly options: ResolvedOptions,
  ) {
    this.held = new Set(options.holdCheckpoints)
    this.input = new RunInput(sentinel, options.terminal, () => this.finished)
    const onLimit = options.stopAtOutputLimit ? (stream: string) => () => this.outputLimit(stream) : () => undefined
    this.stdout = new BoundedOutput(sentinel.fixtureStdout, options.maxOutput, onLimit('stdout'))
    this.stderr = new BoundedOutput(sentinel.fixtureStderr, options.maxOutput, onLimit('stderr'))
  }

  /** `stopAtOutputLimit`: called once a stream goes past `maxOutput`. */
  protected abstract outputLimit(stream: string): void

  view(): RunView {
    return liveView(this.model, this.checkpoints)
  }

  waitFor(condition: WaitCondition, options: WaitForOptions = {}): Promise<RunView> {
    return waitForView(
      () => this.view(),
      () => this.model.processes.size > 0 && this.finished,
      condition,
      options,
    )
  }

  waitForOutput(pattern: string | RegExp, options: WaitForOutputOptions = {}): Promise<OutputMatch> {
    return waitForOutput({ stdout: this.stdout, stderr: this.stderr }, pattern, options)
  }

  async waitForCheckpoint(name: string, options: WaitForOptions = {}): Promise<CheckpointRecord> {
    const view = await this.waitFor((v) => v.checkpoints.some((c) => c.name === name), {
      description: `checkpoint "${name}"`,
      ...options,
    })
    return view.checkpoints.find((c) => c.name === name)!
  }

  async look(): Promise<readonly CheckpointProcess[]> {
    if (this.finished) return []
    let tree: readonly SentinelTreeEntry[]
    try {
      tree = await Promise.race([this.freshTree(), this.sentinel.exited.then(() => [])])
    } catch {
      return [] // the sentinel's command input is closed: the run is ending
    }
    const ids = new Map(this.view().processes.map((p) => [`${p.pid}:${p.startTicks}`, p.id]))
    return tree.map((p) => ({
      id: ids.get(`${p.pid}:${p.start}`) ?? String(p.pid),
      pid: p.pid,
      ppid: p.ppid,
      state: p.state as ProcessState,
      comm: p.comm,
    }))
  }

  hold(name: string): void {
    this.sentinel.send({ cmd: 'hold', name: checkCheckpointName(name) })
    this.held.add(name)
  }

  release(name: string): void {
    this.sentinel.send({ cmd: 'release', name: checkCheckpointName(name) })
    this.held.delete(name)
  }

  /** The process `id` of this run and the signal's name; a TypeError for an unknown one of either. */
  private target(id: string, signal: string | number): { pid: number; start: number; signal: string } {
    const name = normaliseSignal(signal)
    if (!name) throw new TypeError(`Unknown signal ${JSON.stringify(signal)}.`)
    const p = this.view().processes.find((q) => q.id === id)
    if (!p)
      throw new TypeError(
        `No process "${id}" in this run. Known: ${
          this.view()
            .processes.map((q) => q.id)
            .join(', ') || 'none yet'
        }.`,
      )
    return { pid: p.pid, start: p.startTicks, signal: name }
  }

  signal(id: string, signal: string | number): void {
    this.sentinel.send({ cmd: 'signal', ...this.target(id, signal) })
  }

  async signalGroup(id: string, signal: string | number): Promise<number> {
    const command = { cmd: 'signalgroup', ...this.target(id, signal) } as const
    // The sentinel names a refused command by its line: the one formatter makes the same line.
    const line = formatCommand(command)
    const answered = this.groupSignals.expect(line, id)
    this.sentinel.send(command)
    const ended = this.sentinel.exited.then(() => {
      throw new GroupSignalError(id, 'the run ended first')
    })
    ended.catch(() => {}) // settled after the answer, once the run ends
    try {
      return await Promise.race([answered, ended])
    } finally {
      this.groupSignals.forget(line)
    }
  }

  type(text: string): void {
    this.input.type(text)
  }

  key(name: KeyName): void {
    this.input.key(name)
  }

  write(text: string): void {
    this.input.write(text)
  }

  closeStdin(): void {
    this.input.closeStdin()
  }

  /** A snapshot from the sentinel: a fresh walk of the whole subtree. */
  protected freshTree(): Promise<readonly SentinelTreeEntry[]> {
    return this.snapshots.request((command) => this.sentinel.send(command))
  }
}
