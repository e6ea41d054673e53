import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultConcurrency, GraderError, LabError, proveLab, type ProofCase } from '@proclife/grader'
import { showProgress, type Progress } from '../output/progress.js'
import { styleFor, type Style } from '../output/style.js'
import { InputError, parseJobs, usageErrorOf, UsageError } from '../usage-error.js'
import { userCwd } from '../user-cwd.js'
import { checkInterpreter } from './check-python.js'
import { proveMatrix } from './prove-matrix.js'
import { interpreterFlags } from './run-matrix.js'

/** `proclife prove --help`. */
export const proveUsage = `Usage: proclife prove [options] <lab>

Proves a lab: grades its reference solution (submissions/reference/), which must score full
marks, and each wrong solution (wrong/<exercise>/<variant>/, with an expect.yaml saying
"fails: [<check>, ...]"), which must fail exactly those checks of its exercise and pass the rest.

Options:
  --jobs <n>             solutions graded at once (default ${defaultConcurrency()}: twice the CPUs)
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

/** Parses the arguments of `proclife prove`; throws {@link UsageError} for anything wrong. */
export function parseProveArgs(args: readonly string[]): { lab: string; jobs: number | null; user: string | null; python: string | null; node?: string } | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { jobs: { type: 'string' }, user: { type: 'string' }, python: { type: 'string' }, node: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (error) {
    throw usageErrorOf(error)
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  if (positionals.length !== 1) throw new UsageError(`prove takes one lab folder; got ${positionals.length === 0 ? 'nothing' : `"${positionals.join(' ')}"`}`)
  const jobs = parseJobs(values.jobs)
  return { lab: positionals[0]!, jobs, user: values.user ?? null, python: values.python ?? null, ...(values.node !== undefined ? { node: values.node } : {}) }
}

/** What did not go as the solution's expect.yaml says, check by check. */
function differences(c: ProofCase): string[] {
  if (c.error !== null) return [c.error]
  const checks = c.result?.exercises.flatMap((e) => e.checks) ?? []
  return checks.flatMap((check) => {
    const expected = c.expectedFails.includes(check.id)
    if (expected === !check.passed) return []
    return [check.passed ? `${check.id} passed, but should fail (${check.detail})` : `${check.id} failed: ${check.detail}`]
  })
}

function line(c: ProofCase, width: number, style: Style): string {
  const mark = c.ok ? style.green('✔') : style.red('✘')
  const score = c.score === null ? '' : `${c.score}/${c.maxScore}`
  const what = c.name === 'reference' ? 'full marks' : `fails ${c.expectedFails.map((f) => f.split('/')[1]).join(', ')}`
  const out = [`${mark} ${c.name.padEnd(width)}  ${score.padStart(5)}  ${style.dim(what)}`]
  if (!c.ok) for (const d of differences(c)) out.push(`    ${style.red('·')} ${d}`)
  return out.join('\n')
}

/** Runs `proclife prove`; resolves with the exit status. */
export async function proveCommand(args: readonly string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
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
    const options = { ...(command.jobs !== null ? { concurrency: command.jobs } : {}), ...(command.user !== null ? { user: command.user } : {}), ...(interpreters ? { interpreters } : {}), kind: matrixKind }
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
      onStart: (total) => { progress = showProgress(io.stderr, total, 'solutions', 'proving') },
      onCase: () => progress?.step(),
      ...(command.jobs !== null ? { concurrency: command.jobs } : {}),
      ...(command.user !== null ? { user: command.user } : {}),
      ...(interpreters ? { interpreters } : {}),
    })
  } catch (error) {
    if (error instanceof LabError || error instanceof GraderError) throw new InputError(error.message)
    throw error
  } finally {
    (progress as Progress | null)?.end()
  }
  const width = Math.max(...proof.cases.map((c) => c.name.length))
  for (const c of proof.cases) io.stdout.write(`${line(c, width, style)}\n`)
  const held = proof.cases.filter((c) => c.ok).length
  io.stdout.write(`${proof.ok ? style.green(`${proof.lab}: proven`) : style.red(`${proof.lab}: not proven`)} — ${held} of ${proof.cases.length} solutions score as they should\n`)
  return proof.ok ? 0 : 1
}
