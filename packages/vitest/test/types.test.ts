import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const typesTest = (name: string): string => fileURLToPath(new URL(`../types-test/${name}`, import.meta.url))

// The declarations must merge into vitest 4's `Matchers<T>` and vitest 5's `Matchers<R, T>`.
describe('the matcher types', () => {
  it.each([['vitest 4', 'tsconfig.json'], ['vitest 5', 'tsconfig.vitest5.json']])('type-check against %s', async (_, config) => {
    const result = await execa(process.execPath, [tsc, '-p', typesTest(config)], { reject: false, all: true })
    expect(result.all).toBe('')
    expect(result.exitCode).toBe(0)
  })

  it.each([['4', 'tsconfig.json'], ['5', 'tsconfig.vitest5.json']])('reads vitest %s, and no other, in its check', async (major, config) => {
    const files = (await execa(process.execPath, [tsc, '-p', typesTest(config), '--listFilesOnly'])).stdout.split('\n')
    const versions = new Set(files.map((f) => /\/vitest@(\d+)\.[^/]*\/node_modules\/vitest\//.exec(f)?.[1]).filter(Boolean))
    expect([...versions]).toEqual([major])
  })
})
