import { interpreterFor, type MatrixKind } from '@proclife/runner'

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
  if (requested !== null) await interpreterFor(kind, requested, cwd)
}
