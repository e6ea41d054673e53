import { interpreterFor, isVersionEntry, InterpreterError, type MatrixKind } from '@proclife/runner'
import { InputError } from '../usage-error.js'

/**
 * Finds the `--python` interpreter before anything is graded; rejects one that cannot be found or
 * started (an InterpreterError, which the CLI words in terms of --python), rather than grading
 * every exercise 0 with the same note.
 */
export async function checkPython(python: string | null, cwd: string): Promise<void> {
  await checkInterpreter('python', python, cwd)
}

/**
 * {@link checkPython} for any kind (`--python`, `--node`): a command, a path, or a version (the
 * newest the machine has of it, as the matrix picks it).
 */
export async function checkInterpreter(kind: MatrixKind, requested: string | null, cwd: string): Promise<void> {
  if (requested === null) return
  try {
    await interpreterFor(kind, requested, cwd)
  } catch (error) {
    // A version the machine lacks: the runner's message names the versions it has; its advice
    // to install Python 3 (for a missing command) does not fit.
    if (error instanceof InterpreterError && isVersionEntry(requested))
      throw new InputError(`--${kind} ${requested}: ${error.message}`)
    throw error
  }
}
