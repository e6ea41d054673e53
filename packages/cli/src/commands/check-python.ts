import { resolveInterpreter } from '@proclife/runner'

/**
 * Finds the `--python` interpreter before anything is graded; rejects one that cannot be found or
 * started (an InterpreterError, which the CLI words in terms of --python), rather than grading
 * every exercise 0 with the same note.
 */
export async function checkPython(python: string | null, cwd: string): Promise<void> {
  if (python !== null) await resolveInterpreter('python', python, cwd)
}
