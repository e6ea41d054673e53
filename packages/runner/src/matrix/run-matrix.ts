import { availableParallelism } from 'node:os'
import type { RunReportWithLookup } from '@proclife/report'
import { OptionError, ProclifeError } from '../errors.js'
import { resolveOptions, type RunOptions } from '../options.js'
import { runFixture } from '../run/start-fixture.js'
import { scriptKindOf, type Target } from '../target/resolve-target.js'
import { interpreterKindOf, type ResolvedInterpreter } from '../target/interpreters.js'
import { discoverInterpreters, type Discovery, type MatrixKind } from './discover-interpreters.js'
import { compareCells, exceptionOf, type Matrix, type MatrixCell } from './matrix-cells.js'
import {
  KIND_NAMES,
  selectInterpreters,
  type InterpreterSelection,
  type PythonSelection,
} from './select-interpreters.js'

/** Options of {@link runMatrix}: exactly one of `python` and `node`. */
export interface MatrixOptions {
  /** The Pythons to run on: `'all'`, versions (`'3.8,3.12'`), commands or paths. */
  readonly python?: PythonSelection
  /** The Nodes to run on: `'all'`, versions (`'20,22'`), commands or paths. */
  readonly node?: InterpreterSelection
  /**
   * How many runs at once. Each run is isolated (its own sentinel, its own processes), so the
   * verdicts do not depend on it; only the wall-clock time does.
   * @default os.availableParallelism()
   */
  readonly concurrency?: number
  /** A discovery already made (e.g. by `proclife doctor`), to avoid asking every binary again. */
  readonly discovery?: Discovery
  /** Called as each row finishes, in finishing order (for progress output). */
  readonly onCell?: (cell: Omit<MatrixCell, 'differs'>) => void
}

/** The kind a matrix's options name; throws {@link OptionError} unless exactly one is named. */
export function matrixKindOf(matrix: Pick<MatrixOptions, 'python' | 'node'>): MatrixKind {
  if ((matrix.python === undefined) === (matrix.node === undefined)) {
    throw new OptionError(
      'python',
      'A matrix runs on the Pythons or on the Nodes: give exactly one of "python" and "node".',
    )
  }
  return matrix.python === undefined ? 'node' : 'python'
}

/**
 * The target and options that run on `interpreter` (a Python unless its `kind` says `node`): a
 * script's interpreter is replaced through the `interpreters` option, an argv's
 * (`['python3', 'x.py']`, `['node', 'x.js']`) by its command. Throws {@link OptionError} for a
 * target of another kind (a `.py` script on a Node).
 */
export function onInterpreter(
  target: Target,
  interpreter: Pick<ResolvedInterpreter, 'path'> & { readonly kind?: ResolvedInterpreter['kind'] },
  options: RunOptions = {},
): { target: Target; options: RunOptions } {
  const kind = interpreter.kind === 'node' ? 'node' : 'python'
  const { name } = KIND_NAMES[kind]
  if (typeof target === 'string') {
    const scriptKind = scriptKindOf(target)
    if (scriptKind !== undefined && scriptKind !== kind) {
      throw new OptionError(kind, `A ${name} matrix runs a ${name} script; received ${target}, a ${scriptKind} script.`)
    }
    return { target, options: { ...options, interpreters: { ...options.interpreters, [kind]: interpreter.path } } }
  }
  const [command = '', ...args] = target
  if (interpreterKindOf(command) !== kind) {
    throw new OptionError(
      kind,
      `A ${name} matrix runs a ${name} script, or a command that starts with ${kind}; received "${command}".`,
    )
  }
  return { target: [interpreter.path, ...args], options }
}

/** Runs a fixture on one interpreter (see {@link onInterpreter}): one cell of a matrix, alone. */
export function runOnInterpreter(
  target: Target,
  interpreter: Pick<ResolvedInterpreter, 'path'>,
  options: RunOptions = {},
): Promise<RunReportWithLookup> {
  const run = onInterpreter(target, interpreter, options)
  return runFixture(run.target, run.options)
}

/** Runs `tasks` with at most `limit` at once, keeping their order in the result. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

/**
 * Runs one fixture on several Pythons (or Nodes), each in its own isolated run, up to
 * `concurrency` at once, and compares every row with the newest interpreter's. Bad input for one row (a version the
 * machine lacks, a path that is not an interpreter) is that row's `error`; a fixture that fails
 * on one interpreter is that row's `exception`: neither stops the others. Bad options for every
 * row (unknown option, a target of another kind) reject before anything starts.
 *
 * @example
 * const matrix = await runMatrix('fixtures/python/orphan-chain.py', { python: '3.7,3.13' })
 * matrix.cells.map((c) => c.exception) // ["AttributeError: module 'multiprocessing' has no attribute 'parent_process'", null]
 * await runMatrix('fixtures/node/fork-pool.mjs', { node: 'all' })
 */
export async function runMatrix(target: Target, matrix: MatrixOptions, options: RunOptions = {}): Promise<Matrix> {
  const started = performance.now()
  const resolved = resolveOptions(options)
  const concurrency = matrix.concurrency ?? availableParallelism()
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new OptionError(
      'concurrency',
      `Option "concurrency" must be a whole number of at least 1; received ${JSON.stringify(concurrency)}.`,
    )
  }
  const kind = matrixKindOf(matrix)
  const discovery = matrix.discovery ?? (await discoverInterpreters({ kinds: [kind] }))
  const selected = await selectInterpreters(
    (kind === 'node' ? matrix.node : matrix.python)!,
    discovery,
    resolved.cwd,
    kind,
  )
  // Check the target's shape once, before anything starts.
  const first = selected.find((s) => s.interpreter !== null)
  if (first?.interpreter) onInterpreter(target, first.interpreter, options)
  const rows = await pool(
    selected.map((s) => async (): Promise<Omit<MatrixCell, 'differs'>> => {
      let row: Omit<MatrixCell, 'differs'>
      if (s.interpreter === null)
        row = { asked: s.asked, interpreter: null, report: null, error: s.error, exception: null }
      else {
        try {
          const report = await runOnInterpreter(target, s.interpreter, options)
          row = { asked: s.asked, interpreter: s.interpreter, report, error: null, exception: exceptionOf(report) }
        } catch (error) {
          if (!(error instanceof ProclifeError)) throw error
          row = { asked: s.asked, interpreter: s.interpreter, report: null, error, exception: null }
        }
      }
      matrix.onCell?.(row)
      return row
    }),
    concurrency,
  )
  const { cells, newest } = compareCells(rows)
  return { cells, newest, durationMs: performance.now() - started }
}
