import { afterAll, expect } from 'vitest'
import { discoverInterpreters, versionMatches } from '@proclife/runner'
import '../src/index.js'
import { testEachInterpreter } from '../src/matrix.js'
import { fixture } from './helpers/fixtures.js'

// The helper registers its tests at collection time; what they saw is checked after them all.
const seen: string[] = []

await testEachInterpreter(
  'the child is reaped from 3.8 on',
  '3.7,3.13,3.99',
  async (python, { expect, task }) => {
    seen.push(task.name)
    const report = await python.run(fixture('reaps-from-3-8.py'))
    expect(report.interpreter?.path).toBe(python.interpreter.path)
    if (python.asked === '3.7') await expect(report).not.toLeaveNoZombies()
    else await expect(report).toLeaveNoZombies()
  },
  { concurrent: true },
)

const { interpreters } = await discoverInterpreters()
const present = ['3.13', '3.7'].filter((v) =>
  interpreters.some((i) => i.kind === 'python' && versionMatches(i.version, v)),
)

afterAll(() => {
  // One test per interpreter the machine has, the version in its name; 3.99 is a skipped test.
  expect(seen.map((name) => /\(Python (\d+\.\d+)\./.exec(name)?.[1]).sort()).toEqual(present)
  for (const name of seen) expect(name).toMatch(/^the child is reaped from 3\.8 on \(Python 3\.\d+\.\d+\)$/)
})
