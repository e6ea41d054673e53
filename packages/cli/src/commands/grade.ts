import { appendFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { formatNames, formatResult, formatText, gradeSubmission, LabError, loadLab, toGitHubClassroom, type FormatName } from '@proclife/grader'
import { styleFor } from '../output/style.js'
import { UsageError } from '../usage-error.js'

/** `proclife grade --help`. */
export const gradeUsage = `Usage: proclife grade [options] <lab> <submission>

Runs every exercise of a lab (a folder with lab.yaml) against a student's submission (a folder
with the student's files), checks what happened to every process, and reports the points.

Options:
  --format <format>      ${formatNames.join(', ')} (default text)
  --out <file>           write the result in that format to a file; the text report still
                         goes to stdout
  --only <ids>           only these exercises (comma-separated ids)
  --python <command>     the Python interpreter for .py files (default python3)
  -h, --help             show this help

With --format github and $GITHUB_OUTPUT set, the result is also written there as
result=<base64>, for GitHub Classroom's autograding-grading-reporter.

Exit status: 0 when the submission was graded (whatever its score), 2 for bad input (a lab
that is not valid, a missing folder), 3 for an internal error.`

/** What `proclife grade` was asked to do. */
export interface GradeCommand {
  readonly lab: string
  readonly submission: string
  readonly format: FormatName
  readonly out: string | null
  readonly only: readonly string[] | null
  readonly python: string | null
}

/** Parses the arguments of `proclife grade`; throws {@link UsageError} for anything wrong. */
export function parseGradeArgs(args: readonly string[]): GradeCommand | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        only: { type: 'string' },
        python: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'))
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  if (positionals.length !== 2) throw new UsageError(`grade takes a lab folder and a submission folder; got ${positionals.length === 0 ? 'nothing' : `"${positionals.join(' ')}"`}`)
  const format = values.format ?? 'text'
  if (!(formatNames as readonly string[]).includes(format)) throw new UsageError(`--format is one of ${formatNames.join(', ')}; got "${format}"`)
  const only = values.only === undefined ? null : values.only.split(',').map((s) => s.trim()).filter(Boolean)
  if (only !== null && only.length === 0) throw new UsageError('--only needs exercise ids, comma-separated')
  return { lab: positionals[0]!, submission: positionals[1]!, format: format as FormatName, out: values.out ?? null, only, python: values.python ?? null }
}

/** Runs `proclife grade`; resolves with the exit status. */
export async function gradeCommand(args: readonly string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  const command = parseGradeArgs(args)
  if (command === 'help') {
    io.stdout.write(`${gradeUsage}\n`)
    return 0
  }
  let lab
  try {
    lab = loadLab(command.lab)
  } catch (error) {
    if (error instanceof LabError) throw new UsageError(error.message)
    throw error
  }
  const unknown = (command.only ?? []).filter((id) => !lab.exercises.some((e) => e.id === id))
  if (unknown.length > 0) throw new UsageError(`no exercise ${unknown.map((u) => `"${u}"`).join(', ')} in ${lab.lab}; its exercises: ${lab.exercises.map((e) => e.id).join(', ')}`)
  let result
  try {
    result = await gradeSubmission(lab, command.submission, {
      ...(command.only ? { only: command.only } : {}),
      ...(command.python ? { interpreters: { python: command.python } } : {}),
    })
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('No submission folder')) throw new UsageError(error.message)
    throw error
  }
  const text = formatResult(result, command.format)
  if (command.out !== null) {
    writeFileSync(command.out, text)
    io.stdout.write(`${formatText(result, styleFor(io.stdout))}\n`)
  } else if (command.format === 'text') {
    io.stdout.write(`${formatText(result, styleFor(io.stdout))}\n`)
  } else {
    io.stdout.write(text)
  }
  const githubOutput = process.env['GITHUB_OUTPUT']
  if (command.format === 'github' && githubOutput) {
    appendFileSync(githubOutput, `result=${Buffer.from(JSON.stringify(toGitHubClassroom(result))).toString('base64')}\n`)
  }
  return 0
}
