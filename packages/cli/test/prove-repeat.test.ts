import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ProofCase } from '@proclife/grader'
import { renderCase } from '../src/output/render-proof.js'
import { styleFor } from '../src/output/style.js'
import { proclife } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const labs = join(here, '..', '..', '..', 'fixtures', 'labs')

describe('proclife prove --repeat', () => {
  // Grading each solution 20 times, and the lab's 10, is prove-repeat.long.test.ts's (`npm run test:long`).
  it('refuses a --repeat out of range', async () => {
    const { stderr, exitCode } = await proclife('prove', '--repeat', '21', join(labs, 'reap-two'))
    expect(exitCode).toBe(2)
    expect(stderr.split('\n')[0]).toBe('proclife: --repeat is a whole number from 1 to 20; got "21"')
  })
})

describe('a solution not as its expect.yaml says', () => {
  const graded = (fails: string[]): ProofCase['result'] => ({
    schema: 'proclife.grade/v1',
    lab: 'l',
    title: 'l',
    submission: '/s',
    score: 8,
    maxScore: 10,
    durationMs: 1,
    exercises: [
      {
        id: 'reap-one',
        title: 't',
        file: 'f.py',
        score: 8,
        maxScore: 10,
        notes: [],
        error: null,
        runs: 1,
        runIds: [],
        durationMs: 1,
        stdout: '',
        stderr: '',
        checks: ['reaped', 'reported'].map((c) => ({
          id: `reap-one/${c}`,
          name: c,
          points: 0,
          maxPoints: 2,
          passed: !fails.includes(c),
          feedback: null,
          detail: `${c} detail`,
          failedRun: null,
          picture: null,
          timeline: null,
          svg: null,
        })),
      },
    ],
  })
  const wrong: ProofCase = {
    name: 'reap-one/raw-status',
    dir: '/d',
    exercises: ['reap-one'],
    expectedFails: ['reap-one/reaped'],
    actualFails: ['reap-one/reported'],
    score: 8,
    maxScore: 10,
    ok: false,
    error: null,
    result: graded(['reported']),
    runs: 1,
    scores: [8],
    unstable: [],
  }

  it('marks the checks that differ in red on a terminal, with no brackets', () => {
    const text = renderCase(wrong, 19, styleFor({ isTTY: true }, {}))
    expect(text).toContain('should fail: \u001B[31m\u001B[1mreaped\u001B[22m\u001B[39m')
    expect(text).toContain('did fail:    \u001B[31m\u001B[1mreported\u001B[22m\u001B[39m')
    expect(text).not.toContain('[reaped]')
  })

  it('marks them [in brackets] in a pipe, and lists the checks both agree on plainly', () => {
    const both = { ...wrong, expectedFails: ['reap-one/reaped', 'reap-one/reported'], result: graded(['reported']) }
    const text = renderCase(both, 19, styleFor({ isTTY: false }, {}))
    expect(text.split('\n').slice(0, 2)).toEqual([
      '✘ reap-one/raw-status   8/10  should fail: [reaped], reported',
      '                              did fail:    reported',
    ])
    expect(text).toContain('· reap-one/reaped passed, but should fail (reaped detail)')
  })

  it('says why a solution could not be checked at all', () => {
    const broken: ProofCase = {
      ...wrong,
      expectedFails: [],
      actualFails: [],
      score: null,
      maxScore: null,
      result: null,
      scores: [],
      error: 'no expect.yaml in wrong/reap-one/raw-status: say which checks it fails (fails: [one-child, …])',
    }
    expect(renderCase(broken, 19, styleFor({ isTTY: false }, {})).split('\n')).toEqual([
      '✘ reap-one/raw-status         could not be checked:',
      '    · no expect.yaml in wrong/reap-one/raw-status: say which checks it fails (fails: [one-child, …])',
    ])
  })
})
