import { InterpreterError, TargetError, type ProclifeError } from '@proclife/runner'

/**
 * A runner error as the CLI's user should read it: the runner's remedies name API options
 * (`interpreters`, `cwd`), which a user of the command does not have; here they name its flags.
 */
export function errorLine(error: ProclifeError): string {
  if (error instanceof InterpreterError && error.kind === 'python') {
    return `${error.summary} Install Python 3 (for example \`apt-get install python3\`) or pass --python /path/to/python3.`
  }
  if (error instanceof InterpreterError && error.kind === 'node') {
    return `${error.summary} Put node on PATH.`
  }
  if (error instanceof TargetError && error.reason === 'script-not-found') {
    return `${error.summary} Check the path; a relative path is resolved against the directory you ran proclife in.`
  }
  return error.message
}
