import { test, type TestContext } from 'vitest'
import {
  discoverInterpreters, runOnInterpreter, selectInterpreters,
  type Discovery, type PythonSelection, type ResolvedInterpreter, type RunOptions, type RunReportWithLookup, type Target,
} from '@proclife/runner'

/** One interpreter of a matrix, as a test body receives it. */
export interface InterpreterCase {
  /** What was asked for: a version (`3.8`), a command or a path; for `all`, the version. */
  readonly asked: string
  /** The interpreter, resolved to its real binary. */
  readonly interpreter: ResolvedInterpreter
  /** Its version, e.g. `3.12.1` (in the test's name). */
  readonly version: string
  /** Runs a Python fixture (a script, or an argv starting with `python…`) on this interpreter. */
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
}

let shared: Promise<Discovery> | undefined

/**
 * Registers one test per interpreter of `selection` (`'all'`, `'3.8,3.12'`, paths), each named
 * `name (Python 3.12.1)`. An interpreter the machine lacks is a skipped test whose name says so,
 * never a failure: a suite runs on machines with different Pythons. Discovery is asynchronous and
 * vitest needs the names when it collects, so `await` it at the top level of a test file.
 *
 * @example
 * await testEachInterpreter('the pool leaves no zombies', 'all', async (python, { expect }) => {
 *   expect(await python.run('fixtures/python/pool.py')).toLeaveNoZombies()
 * })
 */
export async function testEachInterpreter(
  name: string,
  selection: PythonSelection,
  body: (python: InterpreterCase, context: TestContext) => Promise<void> | void,
  options: EachInterpreterOptions = {},
): Promise<void> {
  const discovery = options.discovery ?? await (shared ??= discoverInterpreters())
  const register = options.concurrent ? test.concurrent : test
  for (const selected of await selectInterpreters(selection, discovery, process.cwd())) {
    if (selected.interpreter === null) {
      test.skip(`${name} (Python ${selected.asked}: skipped, ${selected.error.summary})`, () => {})
      continue
    }
    const interpreter = selected.interpreter
    const version = interpreter.version ?? interpreter.path
    const python: InterpreterCase = {
      asked: selected.asked, interpreter, version,
      run: (target, runOptions) => runOnInterpreter(target, interpreter, runOptions),
    }
    register(`${name} (Python ${version})`, (context) => body(python, context), options.timeout)
  }
}
