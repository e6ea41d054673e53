import type { Readable, Writable } from 'node:stream'
import type { HelloEvent, SentinelEvent } from '@proclife/report'
import type { SentinelCommand } from '@proclife/report'

/*
 * The sentinel client's shapes: how one is started (and its command line), how it ends, and what a running one offers
 * (sentinel.ts implements it on the C sentinel; the Node stand-in offers the same).
 */

/** Options of {@link startSentinel}. */
export interface StartSentinelOptions {
  /** The fixture: program and arguments (the sentinel runs it with `execvp`). */
  argv: string[]
  /** Working directory of the sentinel, and so of the fixture. */
  cwd: string
  /**
   * The whole environment of the fixture (nothing is inherited from this process).
   * `PROCLIFE_CHECKPOINT` is set to `socketPath` unless present.
   */
  env: Record<string, string>
  /** Sampling interval in ms (the sentinel's own default is 5). */
  intervalMs: number
  /** Where the checkpoint socket is created (at most 107 bytes). */
  socketPath: string
  /**
   * Walk at least every this many intervals even when no pid was allocated (catches exec, stop, reparent).
   * @default 10
   */
  fullEvery?: number
  /**
   * The uid the fixture will run as, when its command switches users itself (e.g. through
   * `setpriv`): the checkpoint socket is given to it, so that it can connect.
   */
  socketOwner?: number
  /** Checkpoints held from the start, before the fixture runs (no race with its first call). */
  holds?: string[]
  /**
   * `false` asks the sentinel not to become a subreaper (to exercise the degraded mode).
   * @default true
   */
  subreaper?: boolean
  /**
   * `false` asks the sentinel not to trace the tree (`--no-trace`): births and execs are sampled.
   * @default true
   */
  trace?: boolean
  /** `true` starts the root in a session and process group of its own (`--new-session`). */
  newSession?: boolean
  /**
   * `false` leaves group and session changes sampled under exact capture (`--no-exact-groups`): no
   * seccomp filter traps `setpgid`/`setsid`. For measuring what the filter costs.
   * @default true
   */
  exactGroups?: boolean
  /**
   * `true` gives the root a pseudo-terminal (`--terminal`): a session of its own with the terminal
   * as its controlling terminal; the fixture's stdout carries what is written to the terminal, its
   * stderr is empty, its stdin is unused (type with the `type` command). Without a pseudo-terminal
   * the sentinel exits 67 before its hello.
   */
  terminal?: boolean
  /**
   * A compiled sentinel. Given, the sentinel starts synchronously and `pid` is known at once.
   * @default the result of `ensureSentinel()`
   */
  binary?: string
}

/** How the sentinel process ended. */
export interface SentinelExit {
  code: number | null
  signal: string | null
}

/** Options of {@link Sentinel.waitFor}. */
export interface WaitForOptions {
  /** @default 10_000 */
  timeoutMs?: number
  /** Named in the timeout error. */
  description?: string
}

/** A running sentinel: its events, its commands, and the fixture's stdio. */
export interface Sentinel extends AsyncIterable<SentinelEvent> {
  /** The sentinel's pid; `undefined` until it is spawned (only while it is being compiled). */
  readonly pid: number | undefined
  /** Resolves with the first event; rejects (with the sentinel's diagnostics) if it exits first. */
  readonly hello: Promise<HelloEvent>
  /**
   * Resolves once the sentinel has exited and all of its events have been read. Rejects only if it
   * could not be started at all (e.g. {@link SentinelUnavailableError} when building it).
   */
  readonly exited: Promise<SentinelExit>
  /** Every event so far, in order. */
  readonly events: readonly SentinelEvent[]
  /** The fixture's stdin. End it to give the fixture EOF. */
  readonly fixtureStdin: Writable
  /** The fixture's stdout, buffered here until read (nothing is lost before a reader attaches). */
  readonly fixtureStdout: Readable
  /** The fixture's stderr, likewise. */
  readonly fixtureStderr: Readable
  /** What the sentinel wrote on its own stderr (the last 64 KiB). */
  diagnostics(): string
  /** "exit code 3", "signal SIGKILL", … plus the diagnostics, once it has exited. */
  exitDescription(): Promise<string>
  /** Sends one command. @throws {Error} once the command input is closed. */
  send(command: SentinelCommand | string): void
  /** Calls `listener` for every future event; returns an unsubscribe function. */
  onEvent(listener: (event: SentinelEvent) => void): () => void
  /** The first event, past or future, that matches. Rejects after `timeoutMs`, or when the sentinel ends without one. */
  waitFor<E extends SentinelEvent>(
    predicate: (event: SentinelEvent) => event is E,
    options?: WaitForOptions,
  ): Promise<E>
  waitFor(predicate: (event: SentinelEvent) => boolean, options?: WaitForOptions): Promise<SentinelEvent>
  /**
   * Closes the command input. The sentinel takes that as the runner going away: it SIGKILLs the
   * whole tree, reaps it, and exits (status 3). Resolves when it has.
   */
  close(): Promise<SentinelExit>
  /**
   * Makes sure the sentinel goes away: closes its command input (so it kills the tree first) and,
   * should it still run `graceMs` later, SIGKILLs the sentinel itself as a last resort.
   */
  kill(graceMs?: number): void
}

/** The sentinel's command line for these options (its flags, then `--` and the fixture's argv). */
export function sentinelArgs(options: StartSentinelOptions): string[] {
  const args = ['--interval-ms', String(options.intervalMs), '--socket', options.socketPath]
  if (options.fullEvery !== undefined) args.push('--full-every', String(options.fullEvery))
  if (options.socketOwner !== undefined) args.push('--socket-owner', String(options.socketOwner))
  for (const name of options.holds ?? []) args.push('--hold', name)
  if (options.subreaper === false) args.push('--no-subreaper')
  if (options.trace === false) args.push('--no-trace')
  if (options.newSession === true) args.push('--new-session')
  if (options.exactGroups === false) args.push('--no-exact-groups')
  if (options.terminal === true) args.push('--terminal')
  args.push('--', ...options.argv)
  return args
}
