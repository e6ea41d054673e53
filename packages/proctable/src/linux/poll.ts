import { setTimeout as delay } from 'node:timers/promises'

/**
 * Checks `probe` until it returns something other than `undefined`, backing off from 2 ms to 50 ms,
 * for at most `timeoutMs`.
 *
 * @param what - what is awaited, for the error message.
 * @throws when the time is up.
 */
export async function pollFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    const value = probe()
    if (value !== undefined) return value
    if (performance.now() >= deadline) throw new Error(`proctable: timed out after ${timeoutMs} ms waiting for ${what}`)
    await delay(wait)
  }
}
