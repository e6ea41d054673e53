// Copied to generated/ by bench/guard.ts, once per file of the suite. Tests that start nothing.
import { appendFileSync } from 'node:fs'
import { afterAll, beforeAll, it } from 'vitest'

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
