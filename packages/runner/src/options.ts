import { SETTLE_MS, type Isolation, type ReportOptions } from '@proclife/report'
import { OptionError } from './errors.js'
import type { CaptureMode, RunOptions } from './run-options.js'

export type { CaptureMode, Isolation, RunOptions } from './run-options.js'

/** {@link RunOptions} with every default filled in (the report records the part it shares). */
export interface ResolvedOptions extends ReportOptions {
  readonly stopAtOutputLimit: boolean
  readonly fixtureUid: number | undefined
  readonly runDir: string | undefined
  readonly env: Readonly<Record<string, string | undefined>>
  readonly extendEnv: boolean
  readonly cwd: string
  readonly input: string | undefined
  readonly isolation: Isolation
  readonly capture: CaptureMode
  readonly holdCheckpoints: readonly string[]
  readonly interpreters: Readonly<Record<'python' | 'node' | 'sh', string>>
  readonly eventLog: string | undefined
  readonly releaseOnRootExit: boolean
  readonly newSession: boolean
  readonly terminal: boolean
  readonly wrapper: number
}

/** The defaults, as documented on {@link RunOptions}. */
export const defaultOptions = {
  timeout: 30_000,
  settle: SETTLE_MS,
  killAfter: 500,
  interval: 5,
  overlapMargin: 100,
  maxOutput: 1024 * 1024,
} as const

const known = new Set([
  'timeout',
  'settle',
  'killAfter',
  'interval',
  'overlapMargin',
  'maxOutput',
  'stopAtOutputLimit',
  'fixtureUid',
  'runDir',
  'env',
  'extendEnv',
  'cwd',
  'input',
  'isolation',
  'capture',
  'holdCheckpoints',
  'interpreters',
  'eventLog',
  'releaseOnRootExit',
  'newSession',
  'terminal',
  'wrapper',
])

/** Checkpoint names travel on the sentinel's command line: keep them to one safe word. */
export function checkCheckpointName(name: unknown): string {
  if (typeof name !== 'string' || !/^[\w.:-]{1,100}$/.test(name)) {
    throw new OptionError(
      'checkpoint',
      `A checkpoint name is 1–100 letters, digits, "_", ".", ":" or "-"; received ${JSON.stringify(name)}.`,
    )
  }
  return name
}

function duration(options: RunOptions, name: keyof typeof defaultOptions, min: number): number {
  const value = options[name] ?? defaultOptions[name]
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new OptionError(name, `Option "${name}" must be a finite number ≥ ${min}; received ${JSON.stringify(value)}.`)
  }
  return value
}

/** `PROCLIFE_CAPTURE` (`exact` or `sampled`) when set, else `'exact'`. */
function defaultCapture(): CaptureMode {
  const value = process.env['PROCLIFE_CAPTURE']
  if (value === undefined || value === '') return 'exact'
  if (value !== 'exact' && value !== 'sampled') {
    throw new OptionError(
      'capture',
      `PROCLIFE_CAPTURE must be "exact" or "sampled"; received ${JSON.stringify(value)}.`,
    )
  }
  return value
}

/** Checks every option and fills in the defaults; throws {@link OptionError} on bad input. */
export function resolveOptions(options: RunOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new OptionError('options', `Options must be an object; received ${String(options)}.`)
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new OptionError(key, `Unknown option "${key}".`, `Known options: ${[...known].join(', ')}.`)
    }
  }
  const isolation = options.isolation ?? 'subreaper'
  if (isolation !== 'subreaper' && isolation !== 'none') {
    throw new OptionError(
      'isolation',
      `Option "isolation" must be "subreaper" or "none"; received ${JSON.stringify(isolation)}.`,
    )
  }
  const capture = options.capture ?? defaultCapture()
  if (capture !== 'exact' && capture !== 'sampled') {
    throw new OptionError(
      'capture',
      `Option "capture" must be "exact" or "sampled"; received ${JSON.stringify(capture)}.`,
    )
  }
  if (options.stopAtOutputLimit !== undefined && typeof options.stopAtOutputLimit !== 'boolean') {
    throw new OptionError(
      'stopAtOutputLimit',
      `Option "stopAtOutputLimit" must be true or false; received ${JSON.stringify(options.stopAtOutputLimit)}.`,
    )
  }
  if (
    options.fixtureUid !== undefined &&
    (!Number.isInteger(options.fixtureUid) || options.fixtureUid < 0 || options.fixtureUid > 2 ** 31 - 1)
  ) {
    throw new OptionError(
      'fixtureUid',
      `Option "fixtureUid" must be a uid (a whole number from 0); received ${JSON.stringify(options.fixtureUid)}.`,
    )
  }
  if (options.eventLog !== undefined && (typeof options.eventLog !== 'string' || options.eventLog === '')) {
    throw new OptionError(
      'eventLog',
      `Option "eventLog" must be a file path; received ${JSON.stringify(options.eventLog)}.`,
    )
  }
  if (options.releaseOnRootExit !== undefined && typeof options.releaseOnRootExit !== 'boolean') {
    throw new OptionError(
      'releaseOnRootExit',
      `Option "releaseOnRootExit" must be true or false; received ${JSON.stringify(options.releaseOnRootExit)}.`,
    )
  }
  if (options.newSession !== undefined && typeof options.newSession !== 'boolean') {
    throw new OptionError(
      'newSession',
      `Option "newSession" must be true or false; received ${JSON.stringify(options.newSession)}.`,
    )
  }
  if (options.terminal !== undefined && typeof options.terminal !== 'boolean') {
    throw new OptionError(
      'terminal',
      `Option "terminal" must be true or false; received ${JSON.stringify(options.terminal)}.`,
    )
  }
  if (options.wrapper !== undefined && (!Number.isInteger(options.wrapper) || options.wrapper < 0)) {
    throw new OptionError(
      'wrapper',
      `Option "wrapper" must be a count of words (a whole number from 0); received ${JSON.stringify(options.wrapper)}.`,
    )
  }
  if (options.runDir !== undefined && (typeof options.runDir !== 'string' || !options.runDir.startsWith('/'))) {
    throw new OptionError(
      'runDir',
      `Option "runDir" must be an absolute path; received ${JSON.stringify(options.runDir)}.`,
    )
  }
  if (options.input !== undefined && typeof options.input !== 'string') {
    throw new OptionError('input', 'Option "input" must be a string.')
  }
  for (const [kind, command] of Object.entries(options.interpreters ?? {})) {
    if (!['python', 'node', 'sh'].includes(kind)) {
      throw new OptionError('interpreters', `Unknown interpreter kind "${kind}".`, 'Use python, node or sh.')
    }
    if (typeof command !== 'string' || command === '') {
      throw new OptionError('interpreters', `Interpreter "${kind}" must be a non-empty command.`)
    }
  }
  return {
    timeout: duration(options, 'timeout', 1),
    settle: duration(options, 'settle', 0),
    killAfter: duration(options, 'killAfter', 0),
    interval: duration(options, 'interval', 1),
    overlapMargin: duration(options, 'overlapMargin', 0),
    maxOutput: duration(options, 'maxOutput', 0),
    stopAtOutputLimit: options.stopAtOutputLimit ?? false,
    fixtureUid: options.fixtureUid,
    runDir: options.runDir,
    env: options.env ?? {},
    extendEnv: options.extendEnv ?? true,
    cwd: options.cwd ?? process.cwd(),
    input: options.input,
    isolation,
    capture,
    holdCheckpoints: (options.holdCheckpoints ?? []).map(checkCheckpointName),
    interpreters: {
      python: options.interpreters?.python ?? 'python3',
      node: options.interpreters?.node ?? process.execPath,
      sh: options.interpreters?.sh ?? 'sh',
    },
    eventLog: options.eventLog,
    releaseOnRootExit: options.releaseOnRootExit === true,
    newSession: options.newSession === true,
    terminal: options.terminal === true,
    wrapper: options.wrapper ?? 0,
  }
}
