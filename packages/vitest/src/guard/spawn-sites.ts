import childProcess from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'
import { isAbsolute, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GUARD_VARIABLE, spawnToken } from './guard-token.js'
import { readLastPid } from './pid-window.js'
import { emittingOwner, installLineage, own } from './lineage.js'
import { callerOf, withDeepStack } from './stack-frames.js'

/** One call into child_process during a test: what it started and the line that called it. */
export interface SpawnSite {
  /** Its number in the test (the last part of the token its processes carry). */
  readonly index: number
  /** The command it ran (file and arguments, as given). */
  readonly command: string
  /** `performance.now()` at the call: when it was spawned. */
  readonly at: number
  /** The process it started, once known (a sync spawn has ended by then: its pid is still told). */
  pid: number | undefined
  /**
   * `file:line:column` of the test's code that started it: in the test's file if the stack goes
   * there, else the first frame outside node, node_modules and proclife; `undefined` if none.
   */
  readonly site: string | undefined
  /** The library's own call to child_process (the frame nearest the spawn), when it is not {@link site}. */
  readonly through?: string
  /** The handle of what it started (asynchronous forms): whether the test process still listens for its exit. */
  child?: childProcess.ChildProcess
  /** The synchronous form that ran it, if one did: `execSync` and `execFileSync` never tell its pid. */
  readonly sync?: 'spawnSync' | 'execSync' | 'execFileSync'
}

/** What the guard asks of the spawn hook: the token of the test now running, and its ledger. */
interface Ledger {
  /** The running test's token, or `undefined` between tests (spawns are then not recorded). */
  test: string | undefined
  /** Spawns of the running test, in order. */
  readonly spawns: SpawnSite[]
  /** `ns_last_pid` right before the running test's first spawn (where the search for its processes starts). */
  from: number | undefined
  /** The running test's file (absolute), to find its line on a spawn's stack. */
  file: string | undefined
  /** Spawns since the hook was installed. */
  count: number
  /** Called at each spawn, before it (the guard starts its watcher then). */
  onSpawn: (() => void) | undefined
}

/** The ledger the hook writes to; the guard reads and resets it around each test. */
export const ledger: Ledger = {
  test: undefined,
  spawns: [],
  from: undefined,
  file: undefined,
  count: 0,
  onSpawn: undefined,
}

// proclife's own frames (this package's code, the spawn hook among them): never the test's line.
const ownDir = fileURLToPath(new URL('..', import.meta.url))

/** What a spawn is recorded as: its site in the running test's ledger, and the token its processes carry. */
interface Recorded {
  readonly site?: SpawnSite
  readonly token?: string
}

function record(command: string, sync?: SpawnSite['sync']): Recorded {
  ledger.count++
  ledger.onSpawn?.()
  // Made while a handle of another test (or of the file's beforeAll) handles an event: that
  // test's lineage (lineage.ts), never the running test's.
  const owner = emittingOwner()
  if (owner !== undefined && owner !== ledger.test) return { token: owner }
  if (ledger.test === undefined) return {}
  if (ledger.spawns.length === 0) ledger.from = readLastPid()
  // A stack only when a process is started: tests that start none pay nothing for this.
  const caller = callerOf(
    withDeepStack(() => new Error().stack),
    { own: ownDir, testFile: ledger.file },
  )
  const site: SpawnSite = {
    index: ledger.spawns.length + 1,
    command,
    at: performance.now(),
    pid: undefined,
    site: caller.site,
    ...(caller.through ? { through: caller.through } : {}),
    ...(sync ? { sync } : {}),
  }
  ledger.spawns.push(site)
  return { site, token: spawnToken(ledger.test, site.index) }
}

type SpawnOptions = { file?: string; args?: string[]; envPairs?: string[] }

function withToken(pairs: string[], token: string): string[] {
  const entry = `${GUARD_VARIABLE}=${token}`
  const others = pairs.filter((pair) => !pair.startsWith(`${GUARD_VARIABLE}=`))
  return [...others, entry]
}

function optionsArgument(args: unknown[]): { env?: NodeJS.ProcessEnv } | undefined {
  for (let i = args.length - 1; i >= 1; i--) {
    const a = args[i]
    if (typeof a === 'object' && a !== null && !Array.isArray(a)) return a as { env?: NodeJS.ProcessEnv }
  }
  return undefined
}

/** The command a synchronous form runs: execSync runs its string with a shell (`/bin/sh` unless told). */
function commandOf(name: 'spawnSync' | 'execSync' | 'execFileSync', args: unknown[]): string {
  const given = args
    .filter((a) => typeof a === 'string' || Array.isArray(a))
    .flat()
    .join(' ')
  if (name !== 'execSync') return given
  const shell = (optionsArgument(args) as { shell?: unknown } | undefined)?.shell
  return `${typeof shell === 'string' ? shell : '/bin/sh'} -c ${given}`
}

/**
 * The command an asynchronous form ran, as the user wrote it: `fork()` (and a spawn of
 * `process.execPath` with node's own flags) puts this process's flags first — vitest's loader and
 * conditions — which are the harness's, not the user's program: `node worker.js` is shown.
 */
function spawnCommand(file: string | undefined, args: readonly string[]): string {
  if (file !== process.execPath) return [file, ...args].join(' ')
  const flags = process.execArgv
  const rest = flags.length > 0 && flags.every((flag, i) => args[i] === flag) ? args.slice(flags.length) : args
  return [
    'node',
    ...rest.map((arg) => (isAbsolute(arg) && arg.startsWith(process.cwd() + sep) ? relative(process.cwd(), arg) : arg)),
  ].join(' ')
}

let installed = false

/**
 * Hooks child_process once per process, so that each process a test starts through it (spawn,
 * exec, execFile, fork and their Sync forms; execa and most libraries use these) carries the
 * spawn's own token — inherited by everything it starts in turn, even with an `env` of its own —
 * and the guard can name the line that started a leaked process, or its top ancestor. Costs
 * nothing until a process is started.
 */
export function installSpawnHook(): void {
  if (installed) return
  installed = true
  installLineage()
  const proto = childProcess.ChildProcess.prototype as unknown as {
    spawn(this: childProcess.ChildProcess, options: SpawnOptions): unknown
  }
  const spawn = proto.spawn
  // Every asynchronous form ends here, with the environment already made into `envPairs`.
  proto.spawn = function (this: childProcess.ChildProcess, options: SpawnOptions): unknown {
    const test = ledger.test
    const { site, token } = record(spawnCommand(options.file, options.args?.slice(1) ?? []))
    if (token !== undefined && Array.isArray(options.envPairs)) options.envPairs = withToken(options.envPairs, token)
    const result = spawn.call(this, options)
    if (site) {
      site.pid = this.pid
      site.child = this
    }
    const owner = site ? test : (token ?? process.env[GUARD_VARIABLE])
    if (owner !== undefined) own(this, owner)
    return result
  }
  // The Sync forms share no prototype: wrap each export (they call each other's inner functions,
  // so a call is counted once).
  const exports = childProcess as unknown as Record<
    'spawnSync' | 'execSync' | 'execFileSync',
    (...args: unknown[]) => unknown
  >
  for (const name of ['spawnSync', 'execSync', 'execFileSync'] as const) {
    const original = exports[name]
    exports[name] = function (this: unknown, ...args: unknown[]): unknown {
      const { site, token } = record(commandOf(name, args), name)
      if (token === undefined) return original.apply(this, args)
      const options = optionsArgument(args)
      if (options?.env) {
        const i = args.indexOf(options)
        args[i] = { ...options, env: { ...options.env, [GUARD_VARIABLE]: token } }
        return original.apply(this, args)
      }
      const previous = process.env[GUARD_VARIABLE]
      process.env[GUARD_VARIABLE] = token
      try {
        const result = original.apply(this, args)
        if (name === 'spawnSync' && site) site.pid = (result as { pid?: number }).pid
        return result
      } finally {
        if (previous === undefined) delete process.env[GUARD_VARIABLE]
        else process.env[GUARD_VARIABLE] = previous
      }
    }
  }
  // `import { spawn } from 'node:child_process'` reads these bindings: bring them up to date.
  syncBuiltinESMExports()
}

/**
 * Whether code in the test process still waits for the end of a child process: its handle
 * has not seen it exit, and has an `exit` or `close` listener (a pool's worker, a server
 * under supervision, an un-awaited execa). Killing such a process makes that code react — a pool
 * reports "worker exited unexpectedly" and forks a replacement, a promise rejects — during
 * whatever test runs then.
 */
export function isWatched(child: childProcess.ChildProcess | undefined): boolean {
  if (!child || child.exitCode !== null || child.signalCode !== null) return false
  return child.listenerCount('exit') + child.listenerCount('close') > 0
}
