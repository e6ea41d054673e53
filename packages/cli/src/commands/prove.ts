import { resolve } from 'node:path'
import { defaultConcurrency, GraderError, LabError, proveLab } from '@proclife/grader'
import { showProgress, type Progress } from '../output/progress.js'
import { renderProof } from '../output/render-proof.js'
import { styleFor } from '../output/style.js'
import { InputError, parseJobs, UsageError } from '../usage-error.js'
import { parseCommandLine } from '../parse-command-line.js'
import { userCwd } from '../user-cwd.js'
import { checkInterpreter } from './check-python.js'
import { proveMatrix } from './prove-matrix.js'
import { interpreterFlags } from './run-matrix.js'

/** `proclife prove --help`. */
export const proveUsage = `Usage: proclife prove [options] <lab>

Proves a lab: grades its reference solution (submissions/reference/), which must score full
marks, and each wrong solution (wrong/<exercise>/<variant>/, with an expect.yaml saying
"fails: [<check>, ...]"), which must fail exactly those checks of its exercise and pass the rest.
A solution that does not is shown with what it should fail and what it did fail, the checks that
differ marked (in red on a terminal, [in brackets] in a pipe), and why each differs.

Options:
  --jobs <n>             solutions graded at once (default ${defaultConcurrency()}: twice the CPUs)
  --repeat <n>           grade each solution n times (default: the lab's prove.repeat, else 1);
                         a solution whose grade differs between them is unstable, and its
                         checks that differed are named
  --user <user>          run the programs as another user, as for proclife grade
  --python <command>     the Python interpreter for .py files (default python3, or the lab's python)
  --python <list>        prove the lab on several Pythons, one line each: all, versions
                         (3.8,3.12), paths, or a mix
  --node <version|path>  the Node for .js/.mjs/.cjs files (default: the running Node, or the lab's node)
  --node <list>          prove the lab on several Nodes, one line each: all, versions (20,22),
                         paths, or a mix (a list goes to --python or to --node, not both)
  -h, --help             show this help

Exit status: 0 when every solution scores as it should, 1 when one does not, 2 for bad input (a
lab that is not valid, no reference solution), 3 for an internal error.`

/** The value of `--repeat`: a whole number from 1 to 20 (as `prove.repeat` in lab.yaml), or null when not given. */
function parseRepeat(value: string | undefined): number | null {
  if (value === undefined) return null
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 20)
    throw new UsageError(`--repeat is a whole number from 1 to 20; got "${value}"`)
  return Number(value)
}

/** Parses the arguments of `proclife prove`; throws {@link UsageError} for anything wrong. */
export function parseProveArgs(args: readonly string[]):
  | {
      lab: string
      jobs: number | null
      repeat: number | null
      user: string | null
      python: string | null
      node?: string
    }
  | 'help' {
  const parsed = parseCommandLine('prove', {
    args: [...args],
    allowPositionals: true,
    options: {
      jobs: { type: 'string' },
      repeat: { type: 'string' },
      user: { type: 'string' },
      python: { type: 'string' },
      node: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const { values, positionals } = parsed
  if (values.help) return 'help'
  if (positionals.length !== 1)
    throw new UsageError(
      `prove takes one lab folder; got ${positionals.length === 0 ? 'nothing' : `"${positionals.join(' ')}"`}`,
    )
  const jobs = parseJobs(values.jobs)
  const repeat = parseRepeat(values.repeat)
  return {
    lab: positionals[0]!,
    jobs,
    repeat,
    user: values.user ?? null,
    python: values.python ?? null,
    ...(values.node !== undefined ? { node: values.node } : {}),
  }
}

/** Runs `proclife prove`; resolves with the exit status. */
export async function proveCommand(
  args: readonly string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  const command = parseProveArgs(args)
  if (command === 'help') {
    io.stdout.write(`${proveUsage}\n`)
    return 0
  }
  const style = styleFor(io.stdout)
  const cwd = userCwd()
  let proof
  let progress: Progress | null = null
  const { matrix, matrixKind, interpreters } = interpreterFlags(command.python ?? undefined, command.node)
  if (matrix !== null) {
    // The other kind's single interpreter, if given, holds for every row of the matrix.
    const options = {
      ...(command.jobs !== null ? { concurrency: command.jobs } : {}),
      ...(command.repeat !== null ? { repeat: command.repeat } : {}),
      ...(command.user !== null ? { user: command.user } : {}),
      ...(interpreters ? { interpreters } : {}),
      kind: matrixKind,
    }
    try {
      return await proveMatrix(resolve(cwd, command.lab), matrix, options, io, style, styleFor(io.stderr))
    } catch (error) {
      if (error instanceof LabError || error instanceof GraderError) throw new InputError(error.message)
      throw error
    }
  }
  try {
    await checkInterpreter('python', command.python, cwd)
    await checkInterpreter('node', command.node ?? null, cwd)
    proof = await proveLab(resolve(cwd, command.lab), {
      onStart: (total) => {
        progress = showProgress(io.stderr, total, 'solutions', 'proving')
      },
      onCase: () => progress?.step(),
      ...(command.jobs !== null ? { concurrency: command.jobs } : {}),
      ...(command.repeat !== null ? { repeat: command.repeat } : {}),
      ...(command.user !== null ? { user: command.user } : {}),
      ...(interpreters ? { interpreters } : {}),
    })
  } catch (error) {
    if (error instanceof LabError || error instanceof GraderError) throw new InputError(error.message)
    throw error
  } finally {
    ;(progress as Progress | null)?.end()
  }
  io.stdout.write(`${renderProof(proof, style)}\n`)
  return proof.ok ? 0 : 1
}
