import { defaultOptions, startFixture, type RunOptions, type RunReport, type Target } from '@proclife/runner'
import { renderRun, verdictLine } from '../output/render-run.js'
import { checkPictureFiles, writePictures, type PictureFiles } from '../output/write-pictures.js'
import { styleFor } from '../output/style.js'
import { parseCommandLine } from '../parse-command-line.js'
import { userCwd } from '../user-cwd.js'
import { usageErrorOf, UsageError } from '../usage-error.js'
import { assertionNames, evaluate, parseAssertions } from './assertions.js'
import { checkInterpreter } from './check-python.js'
import { interpreterFlags, runMatrixCommand } from './run-matrix.js'
import { heldForSignals, parseSignalFlag, scheduleSignals, type SignalPlan } from './run-signals.js'

/** `proclife run --help`. */
export const runUsage = `Usage: proclife run [options] <script>
       proclife run [options] -- <command> [args...]

Runs a script (.py, .js, .mjs, .cjs, .ts, .sh, or an executable) or a command under the
proclife sentinel, and shows what happened to every process it created.

Options:
  --json                 print the RunReport (proclife.run/v2) as JSON instead of text
  --svg <file>           also write the run as an SVG timeline (see docs/reading-the-picture.md)
  --html <file>          also write one self-contained page: the picture, the tree and the timeline
  --assert <checks>      exit 1 unless every check holds; comma-separated:
                         ${assertionNames.join(', ')}
  --terminal             give the run a pseudo-terminal (a shell at a keyboard: job control,
                         ctrl-c to the foreground group); its output is one stream
  --signal <sig>[:<id>]@<when>
                         send a signal to the root (or to the process <id>, e.g. root.1)
                         at checkpoint:<name> (held while it is sent) or after a time
                         (500ms, 2s); repeatable; see docs/cli.md
  --timeout <ms>         the longest a run may last; then the whole tree is killed (default 30000)
  --settle <ms>          after the root exits, wait at most this long for the rest to end;
                         what is still alive then is a stray, and is killed (default ${defaultOptions.settle})
  --kill-after <ms>      between SIGTERM and SIGKILL for strays (default 500)
  --interval <ms>        sampling interval of the sentinel (default 5)
  --overlap-margin <ms>    a sampled overlap shorter than this is not concurrency (default 100)
  --max-output <bytes>   output of the root kept in the report (default 1048576)
  --isolation <mode>     subreaper (default) or none
  --capture <mode>       exact (default: trace the tree) or sampled
  --python <command>     the Python interpreter for .py scripts (default python3)
  --python <version>     run on this machine's newest Python of that version (3.8)
  --python <list>        run on several Pythons and show one table, interpreter × verdict:
                         all (every Python this machine has), versions (3.8,3.12), paths,
                         or a mix; see docs/interpreters.md
  --node <command>       the Node for .js/.mjs/.cjs/.ts scripts (default: the one running proclife)
  --node <version>       run on this machine's newest Node of that version (22)
  --node <list>          run on several Nodes and show one table, as --python <list> does:
                         all, versions (20,22), paths, or a mix
  -h, --help             show this help

Exit status: 0 when the run completed (and every --assert check held), 1 when a check
failed, 2 for bad input (missing script, bad option), 3 for an internal error or when the
sentinel was killed mid-run (everything the run had started is killed with it).`

const numbers = {
  timeout: 'timeout',
  settle: 'settle',
  'kill-after': 'killAfter',
  interval: 'interval',
  'overlap-margin': 'overlapMargin',
  'max-output': 'maxOutput',
} as const

/** What `proclife run` was asked to do. */
export interface RunCommand {
  readonly target: Target
  readonly options: RunOptions
  readonly json: boolean
  readonly assertions: readonly string[]
  /** Where to write the picture of the run, if anywhere. */
  readonly pictures: PictureFiles
  /** `--python` (or `--node`) as a matrix (`all`, versions, a list): run on each; `null` for one run. */
  readonly matrix: string | null
  /** Which kind `matrix` names: `--python` or `--node`. @default 'python' */
  readonly matrixKind?: 'python' | 'node'
  /** The signals `--signal` sends during the run. @default [] */
  readonly signals?: readonly SignalPlan[]
}

/** Parses the arguments of `proclife run`; throws {@link UsageError} for anything wrong. */
export function parseRunArgs(args: readonly string[]): RunCommand | 'help' {
  let parsed
  try {
    parsed = parseCommandLine('run', {
      args: [...args],
      allowPositionals: true,
      tokens: true,
      options: {
        json: { type: 'boolean' },
        assert: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        isolation: { type: 'string' },
        capture: { type: 'string' },
        python: { type: 'string' },
        node: { type: 'string' },
        svg: { type: 'string' },
        html: { type: 'string' },
        terminal: { type: 'boolean' },
        signal: { type: 'string', multiple: true },
        ...Object.fromEntries(Object.keys(numbers).map((name) => [name, { type: 'string' as const }])),
      },
    })
  } catch (error) {
    throw usageErrorOf(error)
  }
  const { values, positionals, tokens } = parsed
  if (values.help) return 'help'
  const terminator = tokens.findIndex((t) => t.kind === 'option-terminator')
  let target: Target
  if (terminator >= 0) {
    const before = tokens.slice(0, terminator).filter((t) => t.kind === 'positional').length
    if (before > 0) throw new UsageError('give either a script or "-- command args…", not both')
    if (positionals.length === 0)
      throw new UsageError(
        'nothing to run after "--": give the command and its arguments, e.g. proclife run -- sh -c \'sleep 1 &\'',
      )
    target = positionals
  } else {
    if (positionals.length === 0)
      throw new UsageError('nothing to run: give a script, or "-- command args…" (see proclife run --help)')
    if (positionals.length > 1)
      throw new UsageError(`one script at a time; to pass arguments, use: proclife run -- ${positionals.join(' ')}`)
    target = positionals[0]!
  }
  const options: Record<string, unknown> = { cwd: userCwd() }
  for (const [flag, option] of Object.entries(numbers)) {
    const raw = (values as Record<string, string | undefined>)[flag]
    if (raw === undefined) continue
    const value = Number(raw)
    if (raw.trim() === '' || !Number.isFinite(value) || value < 0)
      throw new UsageError(
        `--${flag} needs a number of ${flag === 'max-output' ? 'bytes' : 'milliseconds'}; got "${raw}"`,
      )
    options[option] = value
  }
  if (values.isolation !== undefined) {
    if (values.isolation !== 'subreaper' && values.isolation !== 'none')
      throw new UsageError(`--isolation is subreaper or none; got "${values.isolation}"`)
    options['isolation'] = values.isolation
  }
  if (values.capture !== undefined) {
    if (values.capture !== 'exact' && values.capture !== 'sampled')
      throw new UsageError(`--capture is exact or sampled; got "${values.capture}"`)
    options['capture'] = values.capture
  }
  const flags = interpreterFlags(values.python, values.node)
  const { matrixKind } = flags
  // One version (`--python 3.8`) is one run on that interpreter, shown as any run is (tree,
  // timeline, pictures): a table is for several (`all`, or a list).
  const single = flags.matrix !== null && flags.matrix !== 'all' && !flags.matrix.includes(',')
  const matrix = single ? null : flags.matrix
  const interpreters = single ? { ...flags.interpreters, [matrixKind]: flags.matrix } : flags.interpreters
  if (interpreters !== undefined) options['interpreters'] = interpreters
  if (values.terminal === true) options['terminal'] = true
  const signals = (values.signal ?? []).map(parseSignalFlag)
  if (signals.length > 0) options['holdCheckpoints'] = heldForSignals(signals)
  const pictures: PictureFiles = {
    ...(values.svg === undefined ? {} : { svg: values.svg }),
    ...(values.html === undefined ? {} : { html: values.html }),
  }
  checkPictureFiles(pictures)
  if (matrix !== null && signals.length > 0)
    throw new UsageError(`--signal drives one run; with several --${matrixKind} interpreters, run one of them alone`)
  if (matrix !== null && (pictures.svg !== undefined || pictures.html !== undefined))
    throw new UsageError(
      `--svg and --html picture one run; with several --${matrixKind} interpreters, run one of them alone for its picture`,
    )
  return {
    target,
    options: options as RunOptions,
    json: values.json === true,
    assertions: values.assert === undefined ? [] : parseAssertions(values.assert),
    pictures,
    matrix,
    matrixKind,
    signals,
  }
}

/** Runs `proclife run`; resolves with the exit status. */
export async function runCommand(
  args: readonly string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  const command = parseRunArgs(args)
  if (command === 'help') {
    io.stdout.write(`${runUsage}\n`)
    return 0
  }
  if (command.matrix !== null) return runMatrixCommand({ ...command, matrix: command.matrix }, io)
  // One version (`--python 3.8`): a version the machine lacks is one line naming the ones it has,
  // as grade's and prove's, not the runner's advice to install Python.
  const kind = command.matrixKind ?? 'python'
  const asked = command.options.interpreters?.[kind]
  if (asked !== undefined) await checkInterpreter(kind, asked, command.options.cwd ?? userCwd())
  const run = await startFixture(command.target, command.options)
  run.closeStdin()
  const stopSignals = scheduleSignals(run, command.signals ?? [], (line) => io.stderr.write(`${line}\n`))
  const stopProgress = command.json ? () => {} : showProgress(run, io.stderr)
  const stopNotice = noticeLongRun(io.stderr, command.options.timeout ?? defaultOptions.timeout)
  let report: RunReport
  try {
    report = await run.done
  } finally {
    stopSignals()
    stopProgress()
    stopNotice()
  }
  if (command.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else io.stdout.write(`${renderRun(report, styleFor(io.stdout))}\n`)
  writePictures(report, command.pictures)
  const failed = evaluate(report, command.assertions)
  if (failed.length > 0) {
    const style = styleFor(io.stderr)
    for (const f of failed)
      io.stderr.write(`${style.red('✘')} --assert ${f.name}: expected ${f.describe}; ${f.failures.join('; ')}\n`)
    return 1
  }
  return 0
}

/** After this long, a run in a pipe says once that it is still going. */
const NOTICE_AFTER_MS = 5000

/**
 * In a pipe there is no progress line, and a script that never ends by itself (a parent that
 * sleeps forever, as seed 002 does) would sit silent until --timeout: say once, on stderr, that
 * the run is still going and when it will be ended. Only a message for the user; it changes
 * nothing in the run or its verdict.
 */
function noticeLongRun(stream: NodeJS.WriteStream, timeout: number): () => void {
  if (stream.isTTY || timeout <= NOTICE_AFTER_MS) return () => {}
  const timer = setTimeout(() => {
    stream.write(
      `proclife: still running after ${NOTICE_AFTER_MS / 1000} s; the run ends it at --timeout ${timeout} ms (pass --timeout <ms> to end it sooner)\n`,
    )
  }, NOTICE_AFTER_MS)
  return () => clearTimeout(timer)
}

/** On a terminal, one line on stderr that follows the run; nothing in a pipe. */
function showProgress(run: Awaited<ReturnType<typeof startFixture>>, stream: NodeJS.WriteStream): () => void {
  if (!stream.isTTY) return () => {}
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'
  const started = performance.now()
  let frame = 0
  const draw = (): void => {
    const view = run.view()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const text = `${frames[frame++ % frames.length]} running — ${view.processes.length} processes, ${view.alive.length} alive, ${view.zombies.length} zombie${view.zombies.length === 1 ? '' : 's'}, ${seconds} s`
    stream.write(`\r\u001B[2K${text.slice(0, (stream.columns || 80) - 1)}`)
  }
  const timer = setInterval(draw, 100)
  draw()
  return () => {
    clearInterval(timer)
    stream.write('\r\u001B[2K')
  }
}

export { verdictLine }
