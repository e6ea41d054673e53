import { writeFile } from 'node:fs/promises'
import pRetry, { AbortError } from 'p-retry'
import { findByEnvironment, findReaper, isOwnProcess, terminateProcesses, type ProcessState } from '@proclife/proctable'
import {
  applyEvent, buildReport, checkProtocol, isKeyName, KEYS, liveView, normaliseSignal, ProcessModel, type KeyName,
  type CheckpointProcess, type CheckpointRecord, type RawCheckpoint, type RunReport, type RunReportWithLookup, type RunView,
  type SentinelEvent, type SentinelTreeEntry, type SentinelProtocolError,
} from '@proclife/report'
import { GroupSignalError, SentinelLostError, TerminalUnavailableError, WaitForTimeoutError } from '../errors.js'
import { checkCheckpointName, type ResolvedOptions } from '../options.js'
import type { SentinelLike } from '../fallback/sentinel-like.js'
import { formatCommand } from '../sentinel/commands.js'
import { BoundedOutput } from './output.js'
import type { FixtureRun, WaitCondition, WaitForOptions } from './start-fixture.js'
import { sweepByToken } from './sweep-by-token.js'

/**
 * One run in progress: feeds the sentinel's events into the model, and drives the run's life —
 * wait for the root, settle, kill strays, find escapes, quit — to the report.
 */
export class Run implements FixtureRun {
  readonly done: Promise<RunReportWithLookup>
  private readonly model = new ProcessModel()
  private readonly checkpoints: RawCheckpoint[] = []
  private readonly stdout: BoundedOutput
  private readonly stderr: BoundedOutput
  private readonly snapshotWaiters = new Map<string, (tree: readonly SentinelTreeEntry[]) => void>()
  private snapshots = 0
  private rootExit: { code: number | null; signal: string | null } | null = null
  private rootExited: () => void = () => {}
  private readonly rootExitedPromise = new Promise<void>((resolve) => { this.rootExited = resolve })
  private cleaned: () => void = () => {}
  private cleanedPromise = new Promise<void>((resolve) => { this.cleaned = resolve })
  private timedOut = false
  /** The sentinel's hello named another protocol: the run ends with this error. */
  private protocolError: SentinelProtocolError | undefined
  private refuse: () => void = () => {}
  /** Settles when the hello named another protocol. */
  private readonly refused = new Promise<'refused'>((resolve) => { this.refuse = () => resolve('refused') })
  private stopRequested: () => void = () => {}
  private readonly stopPromise = new Promise<void>((resolve) => { this.stopRequested = resolve })
  private isolationNote: string | null = null
  private reaperKind: RunReport['reaper']['kind'] = 'sentinel'
  private subreaper = false
  private capture: RunReport['capture'] = { mode: 'sampled', reason: 'no hello from the sentinel' }
  private byeSeen = false
  private readonly wakeups = new Set<() => void>()
  private clockOffset = performance.now()
  private lastEventAt = 0
  /** The events as JSON lines, kept only when `eventLog` asks for them. */
  private readonly eventLines: string[] = []
  /** Group signals sent and not yet answered, by command line: the sentinel answers each with `signal` or `error`. */
  private readonly groupSignals = new Map<string, { resolve: (pgid: number) => void; reject: (error: Error) => void; what: string }>()
  /** Checkpoints the harness holds now (from `holdCheckpoints`, `hold`, less `release`). */
  private readonly held: Set<string>

  constructor(
    readonly runId: string,
    private readonly startedAt: Date,
    private readonly argv: readonly string[],
    private readonly interpreter: RunReport['interpreter'],
    private readonly options: ResolvedOptions,
    private readonly sentinel: SentinelLike,
    private readonly removeWorkdir: () => Promise<void>,
  ) {
    this.held = new Set(options.holdCheckpoints)
    const onLimit = options.stopAtOutputLimit ? (stream: string) => () => this.outputLimit(stream) : () => undefined
    this.stdout = new BoundedOutput(sentinel.fixtureStdout, options.maxOutput, onLimit('stdout'))
    this.stderr = new BoundedOutput(sentinel.fixtureStderr, options.maxOutput, onLimit('stderr'))
    sentinel.fixtureStdin.on('error', () => {}) // EPIPE when the fixture closed its stdin first
    // With a terminal the root reads the terminal, not the stdin pipe: the input is typed at it.
    if (options.input !== undefined && options.terminal) this.type(options.input)
    else if (options.input !== undefined) sentinel.fixtureStdin.end(options.input)
    sentinel.onEvent((event) => this.handle(event))
    this.done = this.lifecycle()
    this.done.catch(() => {})
  }

  private handle(event: SentinelEvent): void {
    if (this.options.eventLog !== undefined) this.eventLines.push(JSON.stringify(event))
    this.lastEventAt = Math.max(this.lastEventAt, event.t)
    if (event.ev === 'hello') {
      try {
        checkProtocol(event)
      } catch (error) {
        // Nothing it says can be trusted to mean what this version reads: end the run, say why.
        this.protocolError = error as SentinelProtocolError
        this.refuse()
        this.sentinel.kill()
        return
      }
      // Timeline entries the runner adds use the sentinel's clock too, so events sort truly.
      this.clockOffset = performance.now() - event.t
      this.model.reaperPid = event.pid
      this.subreaper = event.subreaper
      this.capture = event.capture === 'exact'
        ? { mode: 'exact', reason: null }
        : { mode: 'sampled', reason: this.options.capture === 'sampled' ? 'capture "sampled" was asked for (option capture, or PROCLIFE_CAPTURE=sampled)' : event.captureReason ?? 'unknown reason' }
      if (!event.subreaper) {
        // Orphans go where they would have gone without us: the nearest subreaper above the
        // sentinel, or PID 1 of the namespace.
        const reaper = findReaper(event.pid)
        this.model.reaperPid = reaper?.pid ?? 0
        this.reaperKind = reaper?.kind ?? 'unknown'
        this.isolationNote = this.options.isolation === 'none'
          ? `isolation "none" was asked for: orphans go to the machine's reaper (${reaper?.comm ?? 'unknown'}, pid ${reaper?.pid ?? '?'}), escaped processes are found by the PROCLIFE_RUN token`
          : `no subreaper (${event.subreaperError ?? 'unknown reason'}): orphans go to the machine's reaper, escaped processes are found by the PROCLIFE_RUN token`
      }
    }
    if (event.ev === 'bye') this.byeSeen = true
    if (event.ev === 'error' || (event.ev === 'signal' && event.group !== undefined)) this.answerGroupSignal(event)
    const effect = applyEvent(this.model, event, this.checkpoints)
    if (effect?.kind === 'root-exit') {
      this.rootExit = effect.exit
      this.rootExited()
    } else if (effect?.kind === 'clean') {
      this.cleaned()
    } else if (effect?.kind === 'snapshot') {
      this.snapshotWaiters.get(effect.id)?.(effect.tree)
      this.snapshotWaiters.delete(effect.id)
    }
    for (const wake of this.wakeups) wake()
  }

  view(): RunView {
    return liveView(this.model, this.checkpoints)
  }

  async waitFor(condition: WaitCondition, options: WaitForOptions = {}): Promise<RunView> {
    const timeout = options.timeout ?? 10_000
    const what = options.description ?? (condition.name || 'the condition')
    try {
      return await pRetry(() => {
        const view = this.view()
        if (condition(view)) return view
        if (this.model.processes.size > 0 && this.finished) throw new AbortError(`the run ended first`)
        throw new Error('not yet')
      }, { retries: Number.POSITIVE_INFINITY, minTimeout: 2, maxTimeout: 50, factor: 1.5, maxRetryTime: timeout })
    } catch (error) {
      const reason = error instanceof Error && error.message !== 'not yet' ? error.message : `${timeout} ms passed`
      throw new WaitForTimeoutError(`Waited for ${what}, but ${reason}.\n\nThe run now:\n${this.view().picture}`)
    }
  }

  async waitForCheckpoint(name: string, options: WaitForOptions = {}): Promise<CheckpointRecord> {
    const view = await this.waitFor((v) => v.checkpoints.some((c) => c.name === name), { description: `checkpoint "${name}"`, ...options })
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
    return tree.map((p) => ({ id: ids.get(`${p.pid}:${p.start}`) ?? String(p.pid), pid: p.pid, ppid: p.ppid, state: p.state as ProcessState, comm: p.comm }))
  }

  hold(name: string): void {
    this.sentinel.send({ cmd: 'hold', name: checkCheckpointName(name) })
    this.held.add(name)
  }

  release(name: string): void {
    this.sentinel.send({ cmd: 'release', name: checkCheckpointName(name) })
    this.held.delete(name)
  }

  signal(id: string, signal: string | number): void {
    const name = normaliseSignal(signal)
    if (!name) throw new TypeError(`Unknown signal ${JSON.stringify(signal)}.`)
    const p = this.view().processes.find((q) => q.id === id)
    if (!p) throw new TypeError(`No process "${id}" in this run. Known: ${this.view().processes.map((q) => q.id).join(', ') || 'none yet'}.`)
    this.sentinel.send({ cmd: 'signal', pid: p.pid, start: p.startTicks, signal: name })
  }

  async signalGroup(id: string, signal: string | number): Promise<number> {
    const name = normaliseSignal(signal)
    if (!name) throw new TypeError(`Unknown signal ${JSON.stringify(signal)}.`)
    const p = this.view().processes.find((q) => q.id === id)
    if (!p) throw new TypeError(`No process "${id}" in this run. Known: ${this.view().processes.map((q) => q.id).join(', ') || 'none yet'}.`)
    const command = { cmd: 'signalgroup', pid: p.pid, start: p.startTicks, signal: name } as const
    // The sentinel names a refused command by its line: the one formatter makes the same line.
    const line = formatCommand(command)
    const answered = new Promise<number>((resolve, reject) => this.groupSignals.set(line, { resolve, reject, what: id }))
    this.sentinel.send(command)
    const ended = this.sentinel.exited.then(() => { throw new GroupSignalError(id, 'the run ended first') })
    ended.catch(() => {}) // settled after the answer, once the run ends
    try {
      return await Promise.race([answered, ended])
    } finally {
      this.groupSignals.delete(line)
    }
  }

  private answerGroupSignal(event: SentinelEvent): void {
    if (event.ev === 'error') {
      const waiting = event.command === null ? undefined : this.groupSignals.get(event.command)
      waiting?.reject(new GroupSignalError(waiting.what, event.message))
    } else if (event.ev === 'signal' && event.group !== undefined) {
      for (const [line, waiting] of this.groupSignals) {
        if (line.startsWith(`signalgroup ${event.pid} ${event.start} `)) waiting.resolve(event.group)
      }
    }
  }

  type(text: string): void {
    if (!this.options.terminal) throw new TerminalUnavailableError('the run was started without the option "terminal"')
    if (text === '') return
    this.sentinel.send({ cmd: 'type', text })
  }

  key(name: KeyName): void {
    if (!isKeyName(name)) throw new TypeError(`Unknown key ${JSON.stringify(name)}. Known: ${Object.keys(KEYS).join(', ')}.`)
    this.type(KEYS[name])
  }

  write(text: string): void {
    if (this.options.terminal) this.type(text)
    else this.sentinel.fixtureStdin.write(text)
  }

  closeStdin(): void {
    this.sentinel.fixtureStdin.end()
    // A terminal is never closed: end of input is ctrl-d, read as such at the start of a line.
    // Once the run is over there is nothing left to type at, and nothing to end.
    if (this.options.terminal && !this.finished) {
      try {
        this.type(KEYS['ctrl-d'])
      } catch {
        // the sentinel's command input is closed: the run is ending
      }
    }
  }

  private outputStopped = false

  /** `stopAtOutputLimit`: the first stream past the limit stops the run. */
  private outputLimit(stream: string): void {
    if (this.outputStopped || this.finished) return
    this.outputStopped = true
    const at = Math.max(this.lastEventAt, Math.round((performance.now() - this.clockOffset) * 1000) / 1000)
    this.model.note(at, 'output-limit', `${stream} went past ${this.options.maxOutput} bytes: stopping the run`)
    this.stopRequested()
  }

  stop(): Promise<RunReportWithLookup> {
    this.stopRequested()
    return this.done
  }

  private finished = false

  /** A snapshot from the sentinel: a fresh walk of the whole subtree. */
  private freshTree(): Promise<readonly SentinelTreeEntry[]> {
    const id = `s${++this.snapshots}`
    const answer = new Promise<readonly SentinelTreeEntry[]>((resolve) => this.snapshotWaiters.set(id, resolve))
    this.sentinel.send({ cmd: 'snapshot', id })
    return answer
  }

  /** Resolves at the next event from the sentinel, or after `ms`. */
  private nextEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.wakeups.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.wakeups.add(done)
    })
  }

  private async lifecycle(): Promise<RunReportWithLookup> {
    // The offset is measured when hello arrives, so it runs a little early; an entry the runner
    // adds is never placed before an event it has already handled.
    const at = (): number => Math.max(this.lastEventAt, Math.round((performance.now() - this.clockOffset) * 1000) / 1000)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), this.options.timeout) })
    try {
      const first = await Promise.race([this.rootExitedPromise.then(() => 'exit' as const), timeout, this.stopPromise.then(() => 'stop' as const), this.sentinel.exited.then(() => 'lost' as const), this.refused])
      if (first === 'timeout') {
        this.timedOut = true
        this.model.note(at(), 'timeout', `timed out after ${this.options.timeout} ms: killing the tree`)
      }
      if (first === 'exit') {
        // Asked for (the grader does): what the harness holds must not keep the fixture's
        // processes from finishing once the root has gone, or they would be counted as strays.
        for (const name of this.options.releaseOnRootExit ? this.held : []) {
          try {
            this.release(name)
            this.model.note(at(), 'checkpoint', `released "${name}": the root exited while it was held`)
          } catch {
            // the sentinel's input is closed: the run is ending anyway
          }
        }
        await this.settle(at)
      }
      if (first === 'refused') {
        await this.lost() // sweeps what the refused sentinel started
        throw this.protocolError!
      }
      if (first === 'lost') throw await this.lost()
      await this.cleanup()
      if (await this.sentinelDied()) throw await this.lost()
      if (!this.subreaper) await this.killEscaped(at)
      await this.quit()
      if (await this.sentinelDied()) throw await this.lost()
      await Promise.all([this.stdout.ended, this.stderr.ended])
      this.finished = true
      return buildReport({
        model: this.model,
        checkpoints: this.checkpoints,
        runId: this.runId,
        argv: this.argv,
        interpreter: this.interpreter,
        options: this.options,
        startedAt: this.startedAt,
        durationMs: at(),
        isolation: this.subreaper ? 'subreaper' : 'none',
        reaperKind: this.reaperKind,
        isolationNote: this.isolationNote,
        capture: this.capture,
        exit: this.rootExit ?? { code: null, signal: null },
        timedOut: this.timedOut,
        stdout: this.stdout,
        stderr: this.stderr,
      })
    } finally {
      clearTimeout(timer)
      this.finished = true
      this.sentinel.kill()
      await this.sentinel.exited.catch(() => {})
      await this.removeWorkdir().catch(() => {})
      if (this.options.eventLog !== undefined) await writeFile(this.options.eventLog, this.eventLines.map((line) => `${line}\n`).join(''))
    }
  }

  /** Waits (bounded by `settle`) for every process to finish by itself after the root exited. */
  private async settle(at: () => number): Promise<void> {
    const deadline = performance.now() + this.options.settle
    for (;;) {
      if (this.model.alive().length === 0) {
        // The model only knows what was sampled: confirm with a fresh walk before calling it settled.
        const tree = await this.freshTree()
        if (tree.every((p) => p.state === 'Z')) break
      }
      const left = deadline - performance.now()
      if (left <= 0) break
      await this.nextEvent(Math.min(left, 50))
    }
    this.model.note(at(), 'settled', this.model.alive().length === 0 ? 'every process finished' : `still alive after ${this.options.settle} ms: ${this.model.alive().map((p) => p.pid).join(', ')}`)
  }

  /** Kills whatever is still alive (SIGTERM, then SIGKILL after `killAfter`), and waits for it. */
  private async cleanup(): Promise<void> {
    for (const p of this.model.alive()) p.leftover = true
    this.cleanedPromise = new Promise<void>((resolve) => { this.cleaned = resolve })
    this.sentinel.send({ cmd: 'cleanup', termMs: this.options.killAfter })
    await Promise.race([this.cleanedPromise, this.sentinel.exited, delay(this.options.killAfter + 10_000)])
  }

  /**
   * Without a subreaper, orphans leave the sentinel's tree, and what they start is never seen by
   * it: find those by the environment token, record them as escaped, and kill them.
   */
  private async killEscaped(at: () => number): Promise<void> {
    const known = new Set([this.model.reaperPid, this.sentinel.pid ?? 0, process.pid])
    const escaped = findByEnvironment('PROCLIFE_RUN', this.runId, known).filter((info) => !isOwnProcess(info) && (this.model.get(info.pid, info.startTicks)?.cleanupSignals.length ?? 0) === 0)
    if (escaped.length === 0) return
    const now = at()
    const tracked = escaped.map((info) => {
      const p = this.model.get(info.pid, info.startTicks) ?? this.model.spawn(now, {
        pid: info.pid, startTicks: info.startTicks, ppid: info.ppid, comm: info.comm, argv: info.argv ?? null,
        state: info.state, spawnedAt: Math.max(0, info.startTime - this.startedAt.getTime()), late: false, root: false, found: 'scan',
      })
      p.escaped = true
      p.leftover = true
      return p
    })
    const signals = await terminateProcesses(tracked, { killAfter: this.options.killAfter })
    for (const p of tracked) {
      const signal = signals.get(p)
      if (signal) this.model.signalled(at(), p, signal, 'cleanup')
    }
  }

  /** Whether the sentinel is gone without having said `bye` (killed, or crashed). */
  private async sentinelDied(): Promise<boolean> {
    const exit = await Promise.race([this.sentinel.exited.catch(() => null), Promise.resolve(undefined)])
    return exit !== undefined && !this.byeSeen
  }

  /**
   * The sentinel died mid-run. Whatever it left alive must not outlive the run: a traced tree was
   * SIGKILLed by the kernel with it (EXITKILL); anything still carrying the run's token (a sampled
   * run, an escaped process) is killed here, by identity. The error counts both.
   */
  private async lost(): Promise<SentinelLostError> {
    this.finished = true
    const exit = await this.sentinel.exited.catch(() => ({ code: null, signal: null }))
    const killed = new Set(this.model.alive().map((p) => `${p.pid}:${p.startTicks}`))
    const known = new Set([this.model.reaperPid, this.sentinel.pid ?? 0, process.pid])
    // A sampled tree is not taken by the kernel with its sentinel: its orphans went to init, and a
    // fork storm goes on forking. Looked for again and again until none is left (sweep-by-token.ts).
    for (const info of await sweepByToken(this.runId, known, this.model.alive())) killed.add(`${info.pid}:${info.startTicks}`)
    return new SentinelLostError(exit, killed.size)
  }

  private async quit(): Promise<void> {
    this.sentinel.send({ cmd: 'quit' })
    await Promise.race([this.sentinel.exited, delay(5_000)])
  }
}


function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
