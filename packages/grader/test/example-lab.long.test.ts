import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultConcurrency, gradeSubmissions, proveLab } from '../src/index.js'
import { exampleLab, expectNothingLeft } from './helpers.js'

// The example lab end to end, in the long suite (`npm run test:long`): every solution it ships
// proven (21 of them, each every exercise), and a class graded several at a time. The proof's
// own errors and single grades are example-lab.test.ts's.
describe('the example lab (fixtures/labs/process-lifecycles)', () => {
  it('is proven: the reference scores full marks, each wrong solution fails exactly what its expect.yaml says', async () => {
    const proof = await proveLab(exampleLab)
    const failed = proof.cases
      .filter((c) => !c.ok)
      .map(
        (c) =>
          `${c.name}: expected to fail ${c.expectedFails.join(', ') || 'nothing'}, failed ${c.actualFails.join(', ') || 'nothing'}${c.error ? ` (${c.error})` : ''}`,
      )
    expect(failed).toEqual([])
    expect(proof.ok).toBe(true)
    // The points each loses, out of 10 per exercise (90 for the whole reference).
    expect(Object.fromEntries(proof.cases.map((c) => [c.name, c.score]))).toEqual({
      reference: 90,
      'double-fork-daemon/killed-by-term': 8,
      'double-fork-daemon/no-wait': 7,
      'mp-worker-at-exit/join-before-start': 1,
      'mp-worker-at-exit/os-exit': 7,
      'orphan/never-exits': 6,
      'orphan/parent-waits': 4,
      'orphan/child-exits-first': 6,
      'pool/head-of-line': 8,
      'pool/one-at-a-time': 8,
      'pool/unbounded': 7,
      'popen-leak/leak': 3,
      'popen-leak/waits-late': 5,
      'reap-one/no-wait': 5,
      'reap-one/raw-status': 8,
      'sigchld-burst/blocking-wait': 2,
      'sigchld-burst/one-wait-per-signal': 4,
      'sigchld-ignored/default-action': 3,
      'sigchld-ignored/wait-anyway': 7,
      'zombie-on-signal/never-reaps': 6,
      'zombie-on-signal/reaps-early': 6,
    })
    const reference = proof.cases[0]!.result!
    expect(reference.exercises.map((e) => e.id)).toEqual([
      'reap-one',
      'zombie-on-signal',
      'orphan',
      'popen-leak',
      'double-fork-daemon',
      'sigchld-burst',
      'mp-worker-at-exit',
      'sigchld-ignored',
      'pool',
    ])
    expect(reference.exercises.every((e) => e.checks.every((c) => c.picture === null && c.timeline === null))).toBe(
      true,
    )
    // Every failed check says why, with the tree.
    for (const c of proof.cases.slice(1)) {
      for (const check of c.result!.exercises[0]!.checks.filter((k) => !k.passed)) {
        expect(check.picture, `${c.name} ${check.id}`).toContain('root')
        expect(check.detail).not.toBe('')
      }
      expectNothingLeft(c.result!)
    }
    expectNothingLeft(reference)
  })

  it('grades a class several at a time, each exactly as it would be graded alone', async () => {
    // A class: the reference, and the reference with one exercise's file replaced by a wrong one.
    const kinds: [variant: string | null, score: number][] = [
      [null, 90],
      ['pool/head-of-line', 88],
      ['sigchld-burst/one-wait-per-signal', 84],
      ['zombie-on-signal/reaps-early', 86],
      ['sigchld-ignored/default-action', 83],
      ['reap-one/raw-status', 88],
    ]
    const classDir = mkdtempSync(join(tmpdir(), 'proclife-class-'))
    try {
      const dirs = kinds.map(([variant], i) => {
        const dir = join(classDir, `student-${i}`)
        cpSync(`${exampleLab}/submissions/reference`, dir, { recursive: true })
        if (variant) cpSync(`${exampleLab}/wrong/${variant}`, dir, { recursive: true })
        return dir
      })
      const finished: number[] = []
      const outcomes = await gradeSubmissions(exampleLab, [...dirs, join(classDir, 'nobody')], {
        onSubmission: (_, i) => finished.push(i),
      })
      expect(defaultConcurrency()).toBeGreaterThanOrEqual(2)
      expect(outcomes.map((o) => o.result?.score ?? o.error)).toEqual([
        ...kinds.map(([, score]) => score),
        `No submission folder at ${join(classDir, 'nobody')}.`,
      ])
      expect(finished.sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
      for (const o of outcomes) if (o.result) expectNothingLeft(o.result)
    } finally {
      rmSync(classDir, { recursive: true, force: true })
    }
  })
})
