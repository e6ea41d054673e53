import { describe, expect, it } from 'vitest'
import { defineLab, type GradeResult, type LabInput } from '../src/index.js'
import { compareRepetitions } from '../src/prove-compare.js'

// The comparison alone, on grades written out: which repetition is shown, and which checks are
// unstable. The real lab whose wrong solution is unstable is proved in packages/cli/test/prove-repeat.test.ts.

const grade = (score: number, failed: readonly string[]): GradeResult => ({
  schema: 'proclife.grade/v1',
  lab: 'l',
  title: 'l',
  submission: '/s',
  score,
  maxScore: 10,
  durationMs: 1,
  exercises: [
    {
      id: 'e',
      title: 'e',
      file: 'e.py',
      score,
      maxScore: 10,
      notes: [],
      error: null,
      runs: 1,
      runIds: [],
      durationMs: 1,
      stdout: '',
      stderr: '',
      checks: ['a', 'b', 'c'].map((c) => ({
        id: `e/${c}`,
        name: c,
        points: 0,
        maxPoints: 3,
        passed: !failed.includes(c),
        feedback: null,
        detail: '',
        failedRun: null,
        picture: null,
        timeline: null,
        svg: null,
      })),
    },
  ],
})

describe('compareRepetitions', () => {
  it('holds when every repetition fails exactly the expected checks', () => {
    const c = compareRepetitions([grade(7, ['b']), grade(7, ['b'])], ['e/b'])
    expect(c).toMatchObject({ ok: true, actualFails: ['e/b'], unstable: [], scores: [7, 7] })
  })

  it('shows the first repetition that is not as expected, and names the checks that changed with how often they failed', () => {
    const c = compareRepetitions([grade(7, ['b']), grade(7, ['a']), grade(4, ['a', 'b'])], ['e/b'])
    expect(c.ok).toBe(false)
    expect(c.actualFails).toEqual(['e/a'])
    expect(c.unstable).toEqual([
      { id: 'e/a', failedIn: 2 },
      { id: 'e/b', failedIn: 2 },
    ])
    expect(c.scores).toEqual([7, 7, 4])
  })

  it('is not unstable when it is wrong the same way every time', () => {
    const c = compareRepetitions([grade(7, ['c']), grade(7, ['c'])], ['e/b'])
    expect(c).toMatchObject({ ok: false, actualFails: ['e/c'], unstable: [] })
  })
})

describe('prove.repeat in lab.yaml', () => {
  const lab = (prove: unknown) =>
    ({ lab: 'l', prove, exercises: [{ id: 'e', file: 'e.py', checks: [{ points: 1, spawned: 1 }] }] }) as LabInput

  it('is read as the number of times prove grades each solution', () => {
    expect(defineLab(lab({ repeat: 5 })).prove).toEqual({ repeat: 5 })
  })

  it('is refused, naming the field, out of 1 to 20 or with a key it does not know', () => {
    expect(() => defineLab(lab({ repeat: 0 }))).toThrow(/prove\.repeat: Too small: expected number to be >=1/)
    expect(() => defineLab(lab({ repeats: 3 }))).toThrow(/prove: Unrecognized key: "repeats"/)
  })
})
