// Copied to generated/ by bench/guard.ts, once per file of the suite. Tests that start nothing.
import { appendFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'

const tests = Number(process.env['BENCH_TESTS'] ?? 200)
let t0 = 0
beforeAll(() => {
  t0 = performance.now()
})
afterAll(() => {
  const testsMs = performance.now() - t0
  const setupMs = (globalThis as { proclifeBenchSetupMs?: number }).proclifeBenchSetupMs ?? 0
  appendFileSync(process.env['BENCH_OUT']!, `${JSON.stringify({ setupMs, testsMs, tests })}\n`)
})
for (let i = 0; i < tests; i++) it(`trivial ${i}`, () => {})
// bench/matchers-load.ts: the first file uses a matcher once, so that a lazy entry must load the
// matchers on first use (synchronously: toExitWith is a synchronous matcher), outside the setup time.
if (process.env['BENCH_MATCHER'] === '1' && import.meta.url.endsWith('/trivial-0.spec.ts')) {
  it('uses a matcher', () => {
    const t0 = performance.now()
    expect(() => (expect(42) as unknown as { toExitWith(code: number): void }).toExitWith(0)).toThrow(/a RunReport/)
    appendFileSync(process.env['BENCH_FIRST_USE']!, `${performance.now() - t0}\n`)
  })
}
