// The determinism soak's short version, as CI runs it: the fork storm of the verdict issue and the
// order-sensitive cases of the example lab, repeated with every core kept busy. A flip (a verdict
// or grade that differs between runs) fails the suite. The full soak: `pnpm soak --repeat 1000`.
import { execa } from 'execa'
import { describe, expect, test } from 'vitest'

const soak = (...args: string[]) =>
  execa(process.execPath, ['--conditions=@proclife/source', '--import', 'tsx', 'bench/soak.ts', ...args], {
    cwd: new URL('..', import.meta.url),
    reject: false,
  })

describe('determinism soak (short)', () => {
  test('the fork storm and the never-reaped, double-fork and stray fixtures: 20 runs each under full load, no flip', async () => {
    const { stdout, exitCode } = await soak(
      '--repeat',
      '20',
      '--only',
      'storm-slow,never-reaped,double-fork,term-exits-0',
    )
    expect(stdout).toMatch(/^flips: 0 of 80 runs/m)
    expect(exitCode).toBe(0)
  }, 900_000)

  test("the example lab's orphan and pool exercises, every solution: 3 grades each under full load, no flip", async () => {
    const { stdout, exitCode } = await soak(
      '--repeat',
      '3',
      '--only',
      'lab:process-lifecycles/orphan,lab:process-lifecycles/pool,lab:node-processes',
    )
    expect(stdout).toMatch(/^flips: 0 of \d+ runs/m)
    expect(stdout).not.toMatch(/^✘/m)
    expect(exitCode).toBe(0)
  }, 900_000)
})
