import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { beforeAll, describe, expect, it } from 'vitest'

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const typesTest = (name: string): string => fileURLToPath(new URL(`../types-test/${name}`, import.meta.url))

interface Check {
  readonly exitCode: number | undefined
  /** Everything tsc printed that is not a file of the program: its diagnostics. */
  readonly diagnostics: string[]
  /** The program's files, absolute paths. */
  readonly files: string[]
}

// One tsc run per vitest major both type-checks and lists the program's files (--listFiles), so
// the two facts below are read from the same check: a type check costs seconds, and listing
// the files in a second run (--listFilesOnly) did the parsing and resolution over again.
async function check(config: string): Promise<Check> {
  const result = await execa(process.execPath, [tsc, '-p', typesTest(config), '--listFiles', '--pretty', 'false'], {
    reject: false,
    all: true,
  })
  const lines = result.all.split('\n').filter((line) => line !== '')
  // A listed file is an absolute path; a diagnostic starts with a relative one, or is indented under one.
  const isFile = (line: string): boolean => line.startsWith('/') && !/\(\d+,\d+\): /.test(line)
  return { exitCode: result.exitCode, diagnostics: lines.filter((line) => !isFile(line)), files: lines.filter(isFile) }
}

// The declarations must merge into vitest 4's `Matchers<T>` and vitest 5's `Matchers<R, T>`.
describe.each([
  ['4', 'tsconfig.json'],
  ['5', 'tsconfig.vitest5.json'],
])('the matcher types against vitest %s', (major, config) => {
  let result: Check
  // A type check of the whole source takes seconds on a quiet machine, and minutes at load 20.
  beforeAll(async () => {
    result = await check(config)
  }, 180_000)

  it('type-check', () => {
    expect(result.diagnostics).toEqual([])
    expect(result.exitCode).toBe(0)
  })

  it('read that vitest, and no other, in the check', () => {
    const versions = new Set(
      result.files.map((f) => /\/vitest@(\d+)\.[^/]*\/node_modules\/vitest\//.exec(f)?.[1]).filter(Boolean),
    )
    expect([...versions]).toEqual([major])
  })
})
