// The words of an exercise's notes that something else reads back: written and recognised in one place.

/** The note of a run that reached its time limit. */
export function timeLimitNote(timeout: number): string {
  return `the time limit (${timeout} ms) was reached: everything was killed`
}

/** Whether a note of an exercise is {@link timeLimitNote}'s (of a repeated exercise, after `run N: `). */
export function isTimeLimitNote(note: string): boolean {
  return /^(run \d+: )?the time limit \(\d+ ms\) was reached/.test(note)
}
