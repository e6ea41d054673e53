/**
 * Bad input that is not about the command line's shape (a lab that is not valid, a missing
 * folder, an interpreter that cannot be found): one line, exit status 2, no usage text.
 */
export class InputError extends Error {
  override name = 'InputError'
}

/** Bad command-line input (an unknown option, a missing argument): one line, the command's usage line, exit status 2. */
export class UsageError extends InputError {
  override name = 'UsageError'
}

/**
 * An error of parsing a command line as a {@link UsageError}: one of {@link parseCommandLine}'s
 * (already in proclife's words) as it is, any other in its first line.
 */
export function usageErrorOf(error: unknown): UsageError {
  return error instanceof UsageError ? error : new UsageError((error as Error).message.split('\n')[0]!)
}

/** The value of `--jobs`: a whole number of at least 1, or null when not given. */
export function parseJobs(value: string | undefined): number | null {
  if (value === undefined) return null
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--jobs is a whole number of at least 1; got "${value}"`)
  return Number(value)
}
