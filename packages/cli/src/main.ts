import { ProclifeError, SentinelLostError } from '@proclife/runner'
import { diagnose, renderFindings } from './commands/doctor.js'
import { gradeCommand, gradeUsage } from './commands/grade.js'
import { proveCommand, proveUsage } from './commands/prove.js'
import { runCommand, runUsage } from './commands/run.js'
import { errorLine } from './output/error-line.js'
import { styleFor } from './output/style.js'
import { InputError, UsageError } from './usage-error.js'

/** `proclife --help`. */
export const usage = `Usage: proclife <command> [options]

Commands:
  run <script>                 run a script under the harness and show what happened to every process
  run -- <command...>          the same for any command
  grade <lab> <submission>...  grade students' submissions against a lab (lab.yaml)
  prove <lab>                  check that a lab's reference and wrong solutions score as they should
  doctor                       what this machine does with processes, and what it means for your tests

proclife <command> --help shows a command's options.`

/** Where the CLI writes. */
export interface Io {
  readonly stdout: NodeJS.WriteStream
  readonly stderr: NodeJS.WriteStream
}

/**
 * The `proclife` command. Resolves with the exit status: 0 done, 1 a check failed, 2 bad input,
 * 3 an internal error, or the sentinel was killed mid-run. Errors are one line on stderr, never a stack trace (set PROCLIFE_DEBUG=1
 * for one).
 */
export async function main(
  args: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = args
  const style = styleFor(io.stderr)
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io)
      case 'grade':
        return await gradeCommand(rest, io)
      case 'prove':
        return await proveCommand(rest, io)
      case 'doctor':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout.write(
            'Usage: proclife doctor\n\nChecks what this machine does with processes and says what each finding means for your tests.\n',
          )
          return 0
        }
        if (rest.length > 0) throw new UsageError(`doctor takes no arguments; got "${rest.join(' ')}"`)
        io.stdout.write(`${renderFindings(await diagnose(), styleFor(io.stdout))}\n`)
        return 0
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(`${usage}\n`)
        return command === undefined ? 2 : 0
      case '--version':
        io.stdout.write('0.1.0\n')
        return 0
      default:
        throw new UsageError(
          `unknown command "${command}"; try: proclife run <script>, proclife grade <lab> <submission>, proclife prove <lab>, proclife doctor`,
        )
    }
  } catch (error) {
    if (error instanceof SentinelLostError) {
      // Not bad input and not a bug: something killed the sentinel, and the run with it.
      io.stderr.write(`${style.red('proclife:')} ${error.message}\n`)
      return 3
    }
    if (error instanceof InputError || error instanceof ProclifeError) {
      io.stderr.write(
        `${style.red('proclife:')} ${error instanceof ProclifeError ? errorLine(error) : error.message}\n`,
      )
      // The usage line helps only when the command line itself was wrong.
      if (error instanceof UsageError && command === 'run') io.stderr.write(`${style.dim(runUsage.split('\n')[0]!)}\n`)
      if (error instanceof UsageError && command === 'grade')
        io.stderr.write(`${style.dim(gradeUsage.split('\n')[0]!)}\n`)
      if (error instanceof UsageError && command === 'prove')
        io.stderr.write(`${style.dim(proveUsage.split('\n')[0]!)}\n`)
      return 2
    }
    io.stderr.write(
      `${style.red('proclife: internal error:')} ${error instanceof Error ? error.message : String(error)}\n`,
    )
    if (process.env['PROCLIFE_DEBUG']) io.stderr.write(`${(error as Error).stack}\n`)
    else io.stderr.write(`${style.dim('(set PROCLIFE_DEBUG=1 for details; this is a bug, please report it)')}\n`)
    return 3
  }
}
