// Every process a guarded test starts carries `PROCLIFE_GUARD=<file>.<test>` (and, when it was
// started through child_process, `.<spawn>` after it). A token of its own, not the run's
// `PROCLIFE_RUN`: a fixture run inside the test sets `PROCLIFE_RUN` to its own run id, and what
// escapes from it must still be found as this test's.

/** The environment variable that names the test (and the spawn) a process was started by. */
export const GUARD_VARIABLE = 'PROCLIFE_GUARD'

/** A token for one test file in one worker: unique on the machine, short, safe in an environment. */
export function newFileToken(): string {
  // The pid is unique among live processes; the time and a random part, across pid reuse.
  return `${process.pid.toString(36)}-${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`
}

/** The token of the `n`th test of a file: a prefix of the token of each spawn in that test. */
export const testToken = (file: string, n: number): string => `${file}.${n}`

/** The token of the `k`th spawn of a test. */
export const spawnToken = (test: string, k: number): string => `${test}.${k}`

/**
 * Finds the token under `prefix` in a process's environment block (`/proc/PID/environ`, NUL
 * separated): `undefined` when it is not there, the spawn number after the prefix (or `null` when
 * the process was not started through child_process) when it is.
 */
export function tokenIn(environ: string, prefix: string): number | null | undefined {
  const needle = `${GUARD_VARIABLE}=${prefix}`
  let at = environ.indexOf(needle)
  while (at !== -1) {
    if (at === 0 || environ.charCodeAt(at - 1) === 0) {
      const end = environ.indexOf('\0', at)
      const rest = environ.slice(at + needle.length, end === -1 ? undefined : end)
      if (rest === '') return null
      if (rest.startsWith('.') && /^\.\d+$/.test(rest)) return Number(rest.slice(1))
    }
    at = environ.indexOf(needle, at + 1)
  }
  return undefined
}

/**
 * Whether a process's environment block carries `prefix` as its guard token or as the start of
 * it (`<file>` matches `<file>`, `<file>.3` and `<file>.3.1`).
 */
export function carriesToken(environ: string, prefix: string): boolean {
  const needle = `${GUARD_VARIABLE}=${prefix}`
  for (let at = environ.indexOf(needle); at !== -1; at = environ.indexOf(needle, at + 1)) {
    if (at !== 0 && environ.charCodeAt(at - 1) !== 0) continue
    const next = environ.charCodeAt(at + needle.length)
    if (Number.isNaN(next) || next === 0 || next === 0x2e) return true
  }
  return false
}

/**
 * Whether a process's environment block carries a guard token of the same file as `test` (the
 * file's own, or another test's) that is not `test`'s: a process of another lineage.
 */
export function carriesOtherToken(environ: string, test: string): boolean {
  const file = test.slice(0, test.lastIndexOf('.'))
  const needle = `${GUARD_VARIABLE}=`
  for (let at = environ.indexOf(needle); at !== -1; at = environ.indexOf(needle, at + 1)) {
    if (at !== 0 && environ.charCodeAt(at - 1) !== 0) continue
    const end = environ.indexOf('\0', at)
    const value = environ.slice(at + needle.length, end === -1 ? undefined : end)
    const ours = value === test || value.startsWith(`${test}.`)
    const sameFile = value === file || value.startsWith(`${file}.`)
    return sameFile && !ours
  }
  return false
}
