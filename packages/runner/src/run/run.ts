import { writeFile } from 'node:fs/promises'
import {
  applyEvent,
  buildReport,
  checkProtocol,
  type RunReport,
  type RunReportWithLookup,
  type SentinelEvent,
  type SentinelProtocolError,
} from '@proclife/report'
import type { SentinelLike } from '@proclife/sentinel'
import type { SentinelLostError } from '../errors.js'
import type { ResolvedOptions } from '../options.js'
import type { FixtureRun } from './start-fixture.js'
import { sweepLostRun } from './sweep-by-token.js'
import { factsOfHello, type HelloFacts } from './hello.js'
import { NextEvent } from './next-event.js'
import { killEscaped } from './kill-escaped.js'
import { markPhase } from './phase-marks.js'
import { settleRun } from './settle.js'
import { RunControls } from './run-controls.js'

/**
 * One run in progress: feeds the sentinel's events into the model, and drives the run's life —
 * wait for the root, settle, kill strays, find escapes, quit — to the report.
 */
export class Run extends RunControls implements FixtureRun {
  readonly done: Promise<RunReportWithLookup>
  private rootExit: { code: number | null; signal: string | null } | null = null
  private rootExited: () => void = () => {}
  private readonly rootExitedPromise = new Promise<void>((resolve) => {
    this.rootExited = resolve
  })
  private cleaned: () => void = () => {}
  private cleanedPromise = new Promise<void>((resolve) => {
    this.cleaned = resolve
  })
  private timedOut = false
  /** The sentinel's hello named another protocol: the run ends with this error. */
  private protocolError: SentinelProtocolError | undefined
  private refuse: () => void = () => {}
  /** Settles when the hello named another protocol. */
  private readonly refused = new Promise<'refused'>((resolve) => {
    this.refuse = () => resolve('refused')
  })
  private stopRequested: () => void = () => {}
  private readonly stopPromise = new Promise<void>((resolve) => {
    this.stopRequested = resolve
  })
  /** What the sentinel's hello said (null: none yet). */
  private facts: HelloFacts | null = null
  private byeSeen = false
  private readonly nextEvent = new NextEvent()
  private clockOffset = performance.now()
  private lastEventAt = 0
  /** The events as JSON lines, kept only when `eventLog` asks for them. */
  private readonly eventLines: string[] = []

  constructor(
    readonly runId: string,
    private readonly startedAt: Date,
    private readonly argv: readonly string[],
    private readonly interpreter: RunReport['interpreter'],
    options: ResolvedOptions,
    sentinel: SentinelLike,
    private readonly removeRunSocket: () => Promise<void>,
  ) {
    super(sentinel, options)
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
      this.facts = factsOfHello(event, this.options)
      this.model.reaperPid = this.facts.reaperPid
      markPhase('hello')
    }
    if (event.ev === 'bye') {
      this.byeSeen = true
      markPhase('bye')
    }
    if (event.ev === 'error' || (event.ev === 'signal' && event.group !== undefined)) this.groupSignals.answer(event)
    const effect = applyEvent(this.model, event, this.checkpoints)
    if (effect?.kind === 'root-exit') {
      this.rootExit = effect.exit
      markPhase('root-exit')
      this.rootExited()
    } else if (effect?.kind === 'clean') {
      this.cleaned()
    } else if (effect?.kind === 'snapshot') {
      this.snapshots.answer(effect.id, effect.tree)
    }
    this.nextEvent.happened()
  }

  private outputStopped = false

  /** `stopAtOutputLimit`: the first stream past the limit stops the run. */
  protected outputLimit(stream: string): void {
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

  private async lifecycle(): Promise<RunReportWithLookup> {
    // The offset is measured when hello arrives, so it runs a little early; an entry the runner
    // adds is never placed before an event it has already handled.
    const at = (): number =>
      Math.max(this.lastEventAt, Math.round((performance.now() - this.clockOffset) * 1000) / 1000)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeout)
    })
    try {
      const first = await Promise.race([
        this.rootExitedPromise.then(() => 'exit' as const),
        timeout,
        this.stopPromise.then(() => 'stop' as const),
        this.sentinel.exited.then(() => 'lost' as const),
        this.refused,
      ])
      if (first === 'timeout') {
        this.timedOut = true
        this.model.note(at(), 'timeout', `timed out after ${this.options.timeout} ms: killing the tree`)
      }
      if (first === 'exit') {
        // Asked for (the grader does): what the harness holds must not keep the fixture's
        // processes from finishing once the root has gone, or they would be counted as strays.
        for (const name of this.options.releaseOnRootExit ? this.held : []) {
          try {
            // Stamped before the command goes: read after it, the time could come after what the
            // release let happen (this process descheduled between the two, the released process
            // already exited: the report then had its exit before its release).
            const releasedAt = at()
            this.release(name)
            this.model.note(releasedAt, 'checkpoint', `released "${name}": the root exited while it was held`)
          } catch {
            // the sentinel's input is closed: the run is ending anyway
          }
        }
        await settleRun({
          model: this.model,
          settleMs: this.options.settle,
          nextEvent: this.nextEvent,
          freshTree: () => this.freshTree(),
          at,
        })
        markPhase('settled')
      }
      if (first === 'refused') {
        await this.lost() // sweeps what the refused sentinel started
        throw this.protocolError!
      }
      if (first === 'lost') throw await this.lost()
      await this.cleanup()
      markPhase('cleanup')
      if (await this.sentinelDied()) throw await this.lost()
      if (!this.facts?.subreaper) {
        await killEscaped(this.model, {
          runId: this.runId,
          startedAt: this.startedAt,
          known: this.known(),
          killAfter: this.options.killAfter,
          at,
        })
        markPhase('escapes')
      }
      await this.quit()
      markPhase('quit')
      if (await this.sentinelDied()) throw await this.lost()
      await Promise.all([this.stdout.ended, this.stderr.ended])
      markPhase('output')
      this.finished = true
      const report = buildReport({
        model: this.model,
        checkpoints: this.checkpoints,
        runId: this.runId,
        argv: this.argv,
        wrapper: this.options.wrapper,
        interpreter: this.interpreter,
        options: this.options,
        startedAt: this.startedAt,
        durationMs: at(),
        isolation: this.facts?.subreaper ? 'subreaper' : 'none',
        reaperKind: this.facts?.reaperKind ?? 'sentinel',
        isolationNote: this.facts?.isolationNote ?? null,
        capture: this.facts?.capture ?? { mode: 'sampled', reason: 'no hello from the sentinel' },
        exit: this.rootExit ?? { code: null, signal: null },
        timedOut: this.timedOut,
        stdout: this.stdout,
        stderr: this.stderr,
      })
      markPhase('report')
      return report
    } finally {
      clearTimeout(timer)
      this.finished = true
      this.sentinel.kill()
      const exit = await this.sentinel.exited.catch(() => null)
      markPhase('sentinel-gone')
      // A sentinel that said bye and then ended by itself has unlinked its socket (both kinds do as
      // they end): asking again would cost a trip to the file system's thread for nothing.
      if (!this.byeSeen || exit?.signal !== null) await this.removeRunSocket().catch(() => {})
      markPhase('socket-removed')
      if (this.options.eventLog !== undefined)
        await writeFile(this.options.eventLog, this.eventLines.map((line) => `${line}\n`).join(''))
    }
  }

  /** Kills whatever is still alive (SIGTERM, then SIGKILL after `killAfter`), and waits for it. */
  private async cleanup(): Promise<void> {
    for (const p of this.model.alive()) p.leftover = true
    this.cleanedPromise = new Promise<void>((resolve) => {
      this.cleaned = resolve
    })
    this.sentinel.send({ cmd: 'cleanup', termMs: this.options.killAfter })
    await Promise.race([this.cleanedPromise, this.sentinel.exited, delay(this.options.killAfter + 10_000)])
  }

  /** Whether the sentinel is gone without having said `bye` (killed, or crashed). */
  private async sentinelDied(): Promise<boolean> {
    const exit = await Promise.race([this.sentinel.exited.catch(() => null), Promise.resolve(undefined)])
    return exit !== undefined && !this.byeSeen
  }

  /** The sentinel died mid-run: the run is over, and what it left is swept ({@link sweepLostRun}). */
  private lost(): Promise<SentinelLostError> {
    this.finished = true
    return sweepLostRun(this.model, this.sentinel, this.runId, this.known())
  }

  /** Pids that carry the run's token and are not the run's: the reaper, the sentinel, this process. */
  private known(): Set<number> {
    return new Set([this.model.reaperPid, this.sentinel.pid ?? 0, process.pid])
  }

  private async quit(): Promise<void> {
    this.sentinel.send({ cmd: 'quit' })
    await Promise.race([this.sentinel.exited, delay(5_000)])
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
