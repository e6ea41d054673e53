import { appendFileSync, existsSync, statSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import {
  defaultConcurrency,
  GraderError,
  formatNames,
  formatResult,
  formatText,
  gradeSubmission,
  gradeSubmissions,
  LabError,
  loadLab,
  toGitHubClassroom,
  writeResultFile,
  type FormatName,
  type GradeOptions,
  type LoadedLab,
} from '@proclife/grader'
import { visible } from '@proclife/report'
import { writeClassReport } from '../output/class-report.js'
import { makeOutFolder } from '../output/out-file.js'
import { showProgress } from '../output/progress.js'
import { checkPicturesFolder, writeGradePictures } from '../output/write-grade-pictures.js'
import { styleFor } from '../output/style.js'
import { InputError, parseJobs, UsageError } from '../usage-error.js'
import { parseCommandLine } from '../parse-command-line.js'
import { userCwd } from '../user-cwd.js'
import { checkInterpreter, checkPython } from './check-python.js'

/** `proclife grade --help`. */
export const gradeUsage = `Usage: proclife grade [options] <lab> <submission> [<submission>...]

Runs every exercise of a lab (a folder with lab.yaml) against a student's submission (a folder
with the student's files), checks what happened to every process, and reports the points.
Given several submissions, grades them several at a time and prints a line per submission.

Options:
  --format <format>      ${formatNames.join(', ')} (default text)
  --out <path>           one submission: write the result in that format to this file (the text
                         report still goes to stdout); several: a folder, one file per
                         submission, named after the submission's folder. Beside each result
                         file, <name>.pictures/ holds an SVG picture of each failed check's run
  --html <file>          also write the class report: one page with the distribution of scores,
                         each check's failure rate and a typical failure's picture, the slowest
                         and timed-out submissions, and unstable checks. With several
                         submissions and --out, the folder gets it as index.html too
  --only <ids>           only these exercises (comma-separated ids)
  --jobs <n>             submissions graded at once (default ${defaultConcurrency()}: twice the CPUs)
  --user <user>          who runs the programs when the grader is root: auto (the default: a uid
                         of its own for every run, no capabilities, no new privileges), a user
                         name, a uid, or root (unsafe for untrusted code; every report says so)
  --python <command>     the Python interpreter for .py files (default python3); one the runs'
                         user cannot execute is replaced by a system Python of the same version
  --node <version|path>  the Node for .js/.mjs/.cjs files (default: the running Node, or the
                         newest fitting one when the lab names a node version); 22 is the newest
                         Node 22 this machine has
  -h, --help             show this help

With --format github and $GITHUB_OUTPUT set, the result is also written there as
result=<base64>, for GitHub Classroom's autograding-grading-reporter.

As root, each run also gets a mount namespace of its own: its copy of the submission, /tmp and
/dev/shm in a tmpfs of the lab's maxDisk, everything else read-only, the other submissions and
the --out folder hidden. proclife doctor says what this machine allows.

Exit status: 0 when every submission was graded (whatever its score), 2 for bad input (a lab
that is not valid, a missing folder, a bad option), 3 for an internal error or a submission
that could not be graded (each is named).`

/** What `proclife grade` was asked to do. */
export interface GradeCommand {
  readonly lab: string
  readonly submissions: readonly string[]
  readonly format: FormatName
  readonly out: string | null
  /** `--html`: where to write the class report; null when not given. */
  readonly html: string | null
  readonly only: readonly string[] | null
  readonly jobs: number | null
  readonly user: string | null
  readonly python: string | null
  /** `--node`: a command, a path or a version; absent when not given. */
  readonly node?: string
}

/** Parses the arguments of `proclife grade`; throws {@link UsageError} for anything wrong. */
export function parseGradeArgs(args: readonly string[]): GradeCommand | 'help' {
  const parsed = parseCommandLine('grade', {
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      html: { type: 'string' },
      only: { type: 'string' },
      jobs: { type: 'string' },
      user: { type: 'string' },
      python: { type: 'string' },
      node: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const { values, positionals } = parsed
  if (values.help) return 'help'
  if (positionals.length < 2)
    throw new UsageError(
      `grade takes a lab folder and one or more submission folders; got ${positionals.length === 0 ? 'nothing' : `"${positionals.join(' ')}"`}`,
    )
  const format = values.format ?? 'text'
  if (!(formatNames as readonly string[]).includes(format))
    throw new UsageError(`--format is one of ${formatNames.join(', ')}; got "${format}"`)
  const only =
    values.only === undefined
      ? null
      : values.only
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
  if (only !== null && only.length === 0) throw new UsageError('--only needs exercise ids, comma-separated')
  const jobs = parseJobs(values.jobs)
  const [lab, ...submissions] = positionals as [string, ...string[]]
  if (values.user !== undefined && values.user.trim() === '')
    throw new UsageError('--user needs auto, a user name or a uid')
  return {
    lab,
    submissions,
    format: format as FormatName,
    out: values.out ?? null,
    html: values.html ?? null,
    only,
    jobs,
    user: values.user ?? null,
    python: values.python ?? null,
    ...(values.node !== undefined ? { node: values.node } : {}),
  }
}

/** Runs `proclife grade`; resolves with the exit status. */
export async function gradeCommand(
  args: readonly string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  const parsed = parseGradeArgs(args)
  if (parsed === 'help') {
    io.stdout.write(`${gradeUsage}\n`)
    return 0
  }
  const cwd = userCwd()
  const command: GradeCommand = {
    ...parsed,
    lab: resolve(cwd, parsed.lab),
    submissions: parsed.submissions.map((s) => resolve(cwd, s)),
    out: parsed.out === null ? null : resolve(cwd, parsed.out),
    html: parsed.html === null ? null : resolve(cwd, parsed.html),
  }
  let lab
  try {
    lab = loadLab(command.lab)
  } catch (error) {
    if (error instanceof LabError) throw new InputError(error.message)
    throw error
  }
  const unknown = (command.only ?? []).filter((id) => !lab.exercises.some((e) => e.id === id))
  if (unknown.length > 0)
    throw new UsageError(
      `no exercise ${unknown.map((u) => `"${u}"`).join(', ')} in ${lab.lab}; its exercises: ${lab.exercises.map((e) => e.id).join(', ')}`,
    )
  // Every folder is checked before anything runs: a typo in the 40th name should not cost 39 grades.
  const missing = command.submissions.map((s) => resolve(s)).filter((s) => !existsSync(s) || !statSync(s).isDirectory())
  if (missing.length > 0)
    throw new InputError(
      `No submission folder at ${missing.join(', ')}: each submission is a folder of one student's files. Check the path${missing.length === 1 ? '' : 's'}; nothing was graded.`,
    )
  await checkPython(command.python, cwd)
  await checkInterpreter('node', command.node ?? null, cwd)
  if (command.out !== null) makeOutFolder(command.out, { folder: command.submissions.length > 1 })
  if (command.html !== null) makeOutFolder(command.html)
  if (command.submissions.length === 1 && command.out !== null) checkPicturesFolder(command.out)
  const options = {
    ...(command.only ? { only: command.only } : {}),
    ...(command.python || command.node
      ? {
          interpreters: {
            ...(command.python ? { python: command.python } : {}),
            ...(command.node ? { node: command.node } : {}),
          },
        }
      : {}),
    ...(command.user ? { user: command.user } : {}),
  }
  try {
    if (command.submissions.length === 1) return await gradeOne(lab, command.submissions[0]!, command, options, io)
    return await gradeMany(lab, command, options, io)
  } catch (error) {
    if (error instanceof GraderError) throw new InputError(error.message)
    throw error
  }
}

type Io = { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }

async function gradeOne(
  lab: LoadedLab,
  submission: string,
  command: GradeCommand,
  options: GradeOptions,
  io: Io,
): Promise<number> {
  const progress = showProgress(
    io.stderr,
    lab.exercises.filter((e) => !command.only || command.only.includes(e.id)).length,
    'exercises',
  )
  let result
  try {
    result = await gradeSubmission(lab, submission, { ...options, onExercise: () => progress.step() })
  } finally {
    progress.end()
  }
  const text = formatResult(result, command.format)
  // Stdout is the result itself in a machine format without --out: the note goes to stderr there.
  if (command.html !== null)
    writeClassReport(
      lab,
      [{ submission, result, error: null }],
      [basename(submission)],
      [command.html],
      command.out !== null || command.format === 'text' ? io.stdout : io.stderr,
    )
  if (command.out !== null) {
    writeFileSync(command.out, text)
    const pictures = writeGradePictures(result, command.out)
    io.stdout.write(`${formatText(result, styleFor(io.stdout))}\n`)
    if (pictures.count > 0)
      io.stdout.write(
        `${styleFor(io.stdout).dim(`pictures of the ${pictures.count === 1 ? 'failed check' : `${pictures.count} failed checks`} in ${pictures.folder}`)}\n`,
      )
  } else if (command.format === 'text') {
    io.stdout.write(`${formatText(result, styleFor(io.stdout))}\n`)
  } else {
    io.stdout.write(text)
  }
  const githubOutput = process.env['GITHUB_OUTPUT']
  if (command.format === 'github' && githubOutput) {
    appendFileSync(
      githubOutput,
      `result=${Buffer.from(JSON.stringify(toGitHubClassroom(result))).toString('base64')}\n`,
    )
  }
  return 0
}

const extensionOf: Record<FormatName, string> = {
  text: 'txt',
  gradescope: 'json',
  prairielearn: 'json',
  github: 'json',
  junit: 'xml',
  json: 'json',
}

/** Several submissions: a line per submission as it is graded, a file per submission with --out. */
async function gradeMany(lab: LoadedLab, command: GradeCommand, options: GradeOptions, io: Io): Promise<number> {
  if (command.out === null && command.format !== 'text') {
    throw new UsageError(
      `with several submissions, --format ${command.format} needs --out <folder> (one file per submission)`,
    )
  }
  // Files are named after the submission folders; the same name twice gets a number.
  const names: string[] = []
  for (const s of command.submissions) {
    const base = basename(resolve(s)) || 'submission'
    let name = base
    for (let i = 2; names.includes(name); i++) name = `${base}-${i}`
    names.push(name)
  }
  const style = styleFor(io.stdout)
  const width = Math.max(...names.map((n) => visible(n).length))
  const progress = showProgress(io.stderr, command.submissions.length, 'submissions')
  let outcomes
  try {
    outcomes = await gradeSubmissions(lab, command.submissions, {
      ...options,
      ...(command.jobs !== null ? { concurrency: command.jobs } : {}),
      // No run may read the results of the submissions graded before it.
      ...(command.out !== null ? { hide: [resolve(command.out)] } : {}),
      onSubmission: (outcome, index) => {
        progress.clear()
        // A folder's name is the student's: a newline or an escape in it must not forge a line.
        const name = visible(names[index]!)
        if (outcome.result === null) {
          io.stdout.write(`${name.padEnd(width)}  ${style.red('not graded')}: ${visible(outcome.error)}\n`)
        } else {
          const r = outcome.result
          const file =
            command.out === null ? null : join(command.out, `${names[index]!}.${extensionOf[command.format]}`)
          // Something planted at the file's name is replaced (never followed); one that cannot be
          // is reported on this submission's line, and the batch goes on.
          let unwritten: string | null = null
          if (file) {
            try {
              writeResultFile(file, command.format === 'text' ? `${formatText(r)}\n` : formatResult(r, command.format))
              writeGradePictures(r, file)
            } catch (error) {
              unwritten = `its result could not be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
            }
          }
          const score = `${r.score}/${r.maxScore}`
          const notes = [
            ...r.exercises.filter((e) => e.error !== null).map((e) => `${e.id}: ${visible(e.error!)}`),
            ...(unwritten ? [unwritten] : []),
          ]
          io.stdout.write(
            `${name.padEnd(width)}  ${(r.score === r.maxScore ? style.green : style.bold)(score)}${notes.length ? style.dim(`  (${notes.join('; ')})`) : ''}\n`,
          )
        }
        progress.step()
      },
    })
  } finally {
    progress.end()
  }
  const pages = [
    ...(command.html !== null ? [command.html] : []),
    ...(command.out !== null ? [join(command.out, 'index.html')] : []),
  ]
  if (pages.length > 0) writeClassReport(lab, outcomes, names, pages, io.stdout)
  const graded = outcomes.flatMap((o) => (o.result ? [o.result] : []))
  if (graded.length > 0) {
    const mean = graded.reduce((s, r) => s + r.score, 0) / graded.length
    io.stdout.write(
      `${graded.length} of ${outcomes.length} submissions graded; mean ${Math.round(mean * 10) / 10}/${graded[0]!.maxScore}${command.out !== null ? `; results in ${command.out}` : ''}\n`,
    )
  }
  return outcomes.every((o) => o.result !== null) ? 0 : 3
}
