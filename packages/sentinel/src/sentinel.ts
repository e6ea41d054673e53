import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { PassThrough, type Readable, type Writable } from 'node:stream'
import { registerOwnProcess } from '@proclife/proctable'
import { ensureSentinel } from './resolve-sentinel.js'
import { formatCommand, type SentinelCommand } from '@proclife/report'
import { parseSentinelEvent, type HelloEvent, type SentinelEvent } from '@proclife/report'
import {
  sentinelArgs,
  type Sentinel,
  type SentinelExit,
  type StartSentinelOptions,
  type WaitForOptions,
} from './sentinel-types.js'

export type { StartSentinelOptions, SentinelExit, WaitForOptions, Sentinel } from './sentinel-types.js'

const DIAGNOSTICS_LIMIT = 64 * 1024

/**
 * Starts a sentinel that runs `options.argv` as its child and reports every process of the tree.
 *
 * fds of the sentinel: 0 commands, 1 events, 2 diagnostics, 3/4/5 the fixture's stdin/stdout/stderr.
 * If this process exits normally, the sentinel is sent SIGTERM; if it dies without cleaning up
 * (SIGKILL), the sentinel sees EOF on fd 0. Either way the sentinel kills the whole tree before it
 * exits.
 *
 * @example
 * ```ts
 * const binary = await ensureSentinel()
 * const sentinel = startSentinel({ binary, argv: ['/usr/bin/python3', 'fixture.py'], cwd, env, intervalMs: 5, socketPath })
 * await sentinel.hello
 * await sentinel.waitFor((e) => e.ev === 'root-exit')
 * sentinel.send({ cmd: 'quit' })
 * await sentinel.exited
 * ```
 */
export function startSentinel(options: StartSentinelOptions): Sentinel {
  return new SentinelProcess(options)
}

type Stdio = Readable & Writable

class SentinelProcess implements Sentinel {
  readonly hello: Promise<HelloEvent>
  readonly exited: Promise<SentinelExit>
  readonly events: SentinelEvent[] = []
  // Our own streams, connected to the sentinel's pipes once it is spawned: commands and stdin
  // written before that are delivered in order, output read late is not lost.
  readonly fixtureStdin = new PassThrough()
  readonly fixtureStdout = new PassThrough()
  readonly fixtureStderr = new PassThrough()
  readonly #control = new PassThrough()

  #pid: number | undefined
  #killSentinel: ((signal: NodeJS.Signals) => void) | undefined
  readonly #listeners = new Set<(event: SentinelEvent) => void>()
  readonly #endListeners = new Set<() => void>()
  #ended = false
  #failure: Error | undefined
  #diagnostics = ''

  constructor(options: StartSentinelOptions) {
    const started =
      options.binary !== undefined
        ? this.#spawn(options.binary, options)
        : ensureSentinel().then((binary) => this.#spawn(binary, options))
    this.exited = Promise.resolve(started).then(
      (exit) => {
        this.#end()
        return exit
      },
      (error: unknown) => {
        this.#failure = error instanceof Error ? error : new Error(String(error))
        this.#end()
        throw error
      },
    )
    this.exited.catch(() => {})
    this.hello = this.waitFor((event): event is HelloEvent => event.ev === 'hello', {
      timeoutMs: 60_000,
      description: 'the sentinel to start (hello)',
    })
    this.hello.catch(() => {})
  }

  get pid(): number | undefined {
    return this.#pid
  }

  /** Spawns the sentinel; resolves when it has exited and its output is read. */
  #spawn(binary: string, options: StartSentinelOptions): Promise<SentinelExit> {
    // Node's own spawn, not execa's: execa's handling of six pipes took a quarter more than the
    // spawn itself (`bench/runner.ts`), and nothing of it is used here (no buffering, no rejection).
    const child = spawn(binary, sentinelArgs(options), {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      env: { PROCLIFE_CHECKPOINT: options.socketPath, ...options.env },
      cwd: options.cwd,
    })
    this.#killSentinel = (signal) => {
      child.kill(signal)
    }
    this.#pid = child.pid
    registerOwnProcess(child.pid, "a run's sentinel")
    if (child.pid !== undefined) killAtExit(child)
    const [control, events, diagnostics, stdin, stdout, stderr] = child.stdio as unknown as Stdio[]
    if (!control || !events || !diagnostics || !stdin || !stdout || !stderr) {
      throw new Error('spawn did not create the six stdio pipes the sentinel needs')
    }
    // The sentinel or the fixture may be gone while we still write: EPIPE is expected, not a crash.
    control.on('error', () => {})
    stdin.on('error', () => {})
    this.#control.pipe(control)
    this.fixtureStdin.pipe(stdin)
    stdout.pipe(this.fixtureStdout)
    stderr.pipe(this.fixtureStderr)
    diagnostics.setEncoding('utf8')
    diagnostics.on('data', (chunk: string) => {
      this.#diagnostics = (this.#diagnostics + chunk).slice(-DIAGNOSTICS_LIMIT)
    })
    const lines = createInterface({ input: events, crlfDelay: Infinity })
    lines.on('line', (line) => this.#onLine(line))
    const eventsRead = once(lines, 'close').then(() => {})
    const diagnosticsRead = once(diagnostics, 'close').then(() => {})

    // "close" comes once the process has exited and its stdio has closed.
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
    const exit = new Promise<SentinelExit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }))
      // A spawn failure (no binary) gives "error" and no "exit"; so may a failed kill, later.
      child.on('error', () => {
        if (child.pid === undefined) resolve({ code: null, signal: null })
      })
    })
    return Promise.all([exit, eventsRead, Promise.race([diagnosticsRead, closed])]).then(([value]) => value)
  }

  diagnostics(): string {
    return this.#diagnostics
  }

  async exitDescription(): Promise<string> {
    const exit = await this.exited.catch((error: unknown) => error as Error)
    if (exit instanceof Error) return `could not start: ${exit.message}`
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`
    const diagnostics = this.#diagnostics.trim()
    return diagnostics ? `${how}; it said:\n${diagnostics}` : how
  }

  send(command: SentinelCommand | string): void {
    const line = typeof command === 'string' ? command : formatCommand(command)
    if (line.includes('\n')) throw new TypeError(`a sentinel command is one line, received ${JSON.stringify(line)}`)
    if (this.#control.writableEnded || this.#ended) {
      throw new Error(`the sentinel's command input is closed; cannot send ${JSON.stringify(line)}`)
    }
    this.#control.write(`${line}\n`)
  }

  onEvent(listener: (event: SentinelEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  waitFor<E extends SentinelEvent>(
    predicate: (event: SentinelEvent) => event is E,
    options?: WaitForOptions,
  ): Promise<E>
  waitFor(predicate: (event: SentinelEvent) => boolean, options?: WaitForOptions): Promise<SentinelEvent>
  waitFor(predicate: (event: SentinelEvent) => boolean, options: WaitForOptions = {}): Promise<SentinelEvent> {
    const found = this.events.find(predicate)
    if (found) return Promise.resolve(found)
    const what = options.description ?? 'a matching sentinel event'
    const timeoutMs = options.timeoutMs ?? 10_000
    return new Promise<SentinelEvent>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer)
        unsubscribe()
        this.#endListeners.delete(onEnd)
      }
      const unsubscribe = this.onEvent((event) => {
        if (!predicate(event)) return
        done()
        resolve(event)
      })
      const onEnd = (): void => {
        done()
        const why = this.#failure ? this.#failure.message : `its diagnostics:\n${this.#diagnostics.trim() || '(none)'}`
        reject(new Error(`the sentinel ended before ${what}; ${why}`, { cause: this.#failure }))
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
      }, timeoutMs)
      if (this.#ended) onEnd()
      else this.#endListeners.add(onEnd)
    })
  }

  close(): Promise<SentinelExit> {
    if (!this.#control.writableEnded) this.#control.end()
    return this.exited
  }

  kill(graceMs = 5_000): void {
    if (!this.#control.writableEnded) this.#control.end()
    if (this.#ended) return
    const timer = setTimeout(() => {
      if (!this.#ended) this.#killSentinel?.('SIGKILL')
    }, graceMs)
    timer.unref()
    void this.exited.finally(() => clearTimeout(timer)).catch(() => {})
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SentinelEvent> {
    let index = 0
    for (;;) {
      while (index < this.events.length) yield this.events[index++] as SentinelEvent
      if (this.#ended) {
        if (this.#failure) throw this.#failure
        return
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          unsubscribe()
          this.#endListeners.delete(wake)
          resolve()
        }
        const unsubscribe = this.onEvent(wake)
        this.#endListeners.add(wake)
      })
    }
  }

  #onLine(line: string): void {
    if (line === '' || this.#failure) return
    let event: SentinelEvent
    try {
      event = parseSentinelEvent(line)
    } catch (error) {
      this.#failure = error as Error
      return
    }
    this.events.push(event)
    for (const listener of [...this.#listeners]) listener(event)
  }

  #end(): void {
    if (this.#ended) return
    this.#ended = true
    for (const listener of [...this.#endListeners]) listener()
  }
}

/** Sentinels still running: sent SIGTERM if this process exits normally while they run. */
const running = new Set<ChildProcess>()

function killAtExit(child: ChildProcess): void {
  if (running.size === 0) process.once('exit', killRunning)
  running.add(child)
  child.once('exit', () => {
    running.delete(child)
    if (running.size === 0) process.off('exit', killRunning)
  })
}

function killRunning(): void {
  for (const child of running) child.kill('SIGTERM')
  running.clear()
}
