import { test, type TestContext } from 'vitest'
import {
  discoverInterpreters,
  KIND_NAMES,
  runOnInterpreter,
  selectInterpreters,
  type Discovery,
  type InterpreterSelection,
  type MatrixKind,
  type ResolvedInterpreter,
  type RunOptions,
  type RunReportWithLookup,
  type Target,
} from '@proclife/runner'

/** One interpreter of a matrix, as a test body receives it. */
export interface InterpreterCase {
  /** What was asked for: a version (`3.8`), a command or a path; for `all`, the version. */
  readonly asked: string
  /** The interpreter, resolved to its real binary. */
  readonly interpreter: ResolvedInterpreter
  /** Its version, e.g. `3.12.1` or `v22.23.3` (in the test's name). */
  readonly version: string
  /** Runs a fixture of its kind (a script, or an argv starting with `python…` / `node`) on this interpreter. */
  run(target: Target, options?: RunOptions): Promise<RunReportWithLookup>
}

/** Options of {@link testEachInterpreter}. */
export interface EachInterpreterOptions {
  /**
   * Run the interpreters' tests at the same time (`test.concurrent`; each run is isolated, so
   * verdicts do not depend on it). Use the `expect` of the test context in the body.
   * @default false
   */
  readonly concurrent?: boolean
  /** The test's timeout in milliseconds (vitest's default otherwise). */
  readonly timeout?: number
  /** A discovery already made, shared by several calls in one file. */
  readonly discovery?: Discovery
  /**
   * Which kind of interpreter `selection` names: the Pythons or the Nodes.
   * @default 'python'
   */
  readonly kind?: MatrixKind
}

let shared: Promise<Discovery> | undefined

/**
 * Registers one test per interpreter of `selection` (`'all'`, `'3.8,3.12'`, paths; with
 * `kind: 'node'`, Nodes: `'20,22'`), each named `name (Python 3.12.1)` or `name (Node v22.23.3)`. An interpreter the machine lacks is a skipped test whose name says so,
 * never a failure: a suite runs on machines with different Pythons. Discovery is asynchronous and
 * vitest needs the names when it collects, so `await` it at the top level of a test file.
 *
 * @example
 * await testEachInterpreter('the pool leaves no zombies', 'all', async (python, { expect }) => {
 *   expect(await python.run('fixtures/python/pool.py')).toLeaveNoZombies()
 * })
 * await testEachInterpreter('the pool reaps', 'all', async (node, { expect }) => {
 *   expect(await node.run('fixtures/node/fork-pool.mjs')).toLeaveNoZombies()
 * }, { kind: 'node' })
 */
export async function testEachInterpreter(
  name: string,
  selection: InterpreterSelection,
  body: (each: InterpreterCase, context: TestContext) => Promise<void> | void,
  options: EachInterpreterOptions = {},
): Promise<void> {
  const discovery = options.discovery ?? (await (shared ??= discoverInterpreters()))
  const register = options.concurrent ? test.concurrent : test
  const kind = options.kind ?? 'python'
  const kindName = KIND_NAMES[kind].name
  for (const selected of await selectInterpreters(selection, discovery, process.cwd(), kind)) {
    if (selected.interpreter === null) {
      test.skip(`${name} (${kindName} ${selected.asked}: skipped, ${selected.error.summary})`, () => {})
      continue
    }
    const interpreter = selected.interpreter
    const version = interpreter.version ?? interpreter.path
    const each: InterpreterCase = {
      asked: selected.asked,
      interpreter,
      version,
      run: (target, runOptions) => runOnInterpreter(target, interpreter, runOptions),
    }
    register(`${name} (${kindName} ${version})`, (context) => body(each, context), options.timeout)
  }
}
