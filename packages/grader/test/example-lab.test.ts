import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultConcurrency, defineLab, gradeSubmission, gradeSubmissions, proveLab } from '../src/index.js'
import { exampleLab, expectNothingLeft } from './helpers.js'

describe('the example lab (fixtures/labs/process-lifecycles)', () => {
  it('is proven: the reference scores full marks, each wrong solution fails exactly what its expect.yaml says', async () => {
    const proof = await proveLab(exampleLab)
    const failed = proof.cases.filter((c) => !c.ok).map((c) => `${c.name}: expected to fail ${c.expectedFails.join(', ') || 'nothing'}, failed ${c.actualFails.join(', ') || 'nothing'}${c.error ? ` (${c.error})` : ''}`)
    expect(failed).toEqual([])
    expect(proof.ok).toBe(true)
    // The points each loses, out of 10 per exercise (90 for the whole reference).
    expect(Object.fromEntries(proof.cases.map((c) => [c.name, c.score]))).toEqual({
      'reference': 90,
      'double-fork-daemon/killed-by-term': 8, 'double-fork-daemon/no-wait': 7,
      'mp-worker-at-exit/join-before-start': 1, 'mp-worker-at-exit/os-exit': 7,
      'orphan/never-exits': 6, 'orphan/parent-waits': 4, 'orphan/child-exits-first': 6,
      'pool/head-of-line': 8, 'pool/one-at-a-time': 8, 'pool/unbounded': 7,
      'popen-leak/leak': 3, 'popen-leak/waits-late': 5,
      'reap-one/no-wait': 5, 'reap-one/raw-status': 8,
      'sigchld-burst/blocking-wait': 2, 'sigchld-burst/one-wait-per-signal': 4,
      'sigchld-ignored/default-action': 3, 'sigchld-ignored/wait-anyway': 7,
      'zombie-on-signal/never-reaps': 6, 'zombie-on-signal/reaps-early': 6,
    })
    const reference = proof.cases[0]!.result!
    expect(reference.exercises.map((e) => e.id)).toEqual(['reap-one', 'zombie-on-signal', 'orphan', 'popen-leak', 'double-fork-daemon', 'sigchld-burst', 'mp-worker-at-exit', 'sigchld-ignored', 'pool'])
    expect(reference.exercises.every((e) => e.checks.every((c) => c.picture === null && c.timeline === null))).toBe(true)
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

  it('says what is wrong with a lab\'s proof: a missing or wrong expect.yaml, a folder that is no exercise, a solution that scores otherwise', async () => {
    const lab = mkdtempSync(join(tmpdir(), 'proclife-prove-'))
    try {
      cpSync(join(exampleLab, 'lab.yaml'), join(lab, 'lab.yaml'))
      cpSync(join(exampleLab, 'submissions'), join(lab, 'submissions'), { recursive: true })
      const wrong = (name: string, expect?: string): void => {
        const [exercise, variant] = name.split('/')
        const from = join(exampleLab, 'wrong', exercise!, variant!)
        const to = join(lab, 'wrong', exercise!, variant!)
        cpSync(existsSync(from) ? from : join(exampleLab, 'wrong', 'reap-one', 'raw-status'), to, { recursive: true })
        rmSync(join(to, 'expect.yaml'), { force: true })
        if (expect !== undefined) writeFileSync(join(to, 'expect.yaml'), expect)
      }
      wrong('reap-one/raw-status', 'fails: [reaped]\n')        // it really fails "reported"
      wrong('reap-one/no-wait')                                  // no expect.yaml
      wrong('popen-leak/leak', 'fails: [no-such-check]\n')
      wrong('no-such-exercise/x', 'fails: [a]\n')
      const proof = await proveLab(lab)
      expect(proof.ok).toBe(false)
      expect(Object.fromEntries(proof.cases.map((c) => [c.name, [c.ok, c.error ?? c.actualFails.join(',')]]))).toEqual({
        'reference': [true, ''],
        'no-such-exercise/x': [false, expect.stringMatching(/^wrong\/no-such-exercise is not an exercise of the lab \(reap-one, /)],
        'popen-leak/leak': [false, 'wrong/popen-leak/leak/expect.yaml names "no-such-check", not a check of popen-leak (one-child, reaped-in-time, returncode, parent-ok, tidy)'],
        'reap-one/no-wait': [false, 'no expect.yaml in wrong/reap-one/no-wait: say which checks it fails (fails: [one-child, …])'],
        'reap-one/raw-status': [false, 'reap-one/reported'],
      })
    } finally {
      rmSync(lab, { recursive: true, force: true })
    }
  })

  it('grades a class several at a time, each exactly as it would be graded alone', async () => {
    // A class: the reference, and the reference with one exercise's file replaced by a wrong one.
    const kinds: [variant: string | null, score: number][] = [
      [null, 90], ['pool/head-of-line', 88], ['sigchld-burst/one-wait-per-signal', 84],
      ['zombie-on-signal/reaps-early', 86], ['sigchld-ignored/default-action', 83], ['reap-one/raw-status', 88],
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
      const outcomes = await gradeSubmissions(exampleLab, [...dirs, join(classDir, 'nobody')], { onSubmission: (_, i) => finished.push(i) })
      expect(defaultConcurrency()).toBeGreaterThanOrEqual(2)
      expect(outcomes.map((o) => o.result?.score ?? o.error)).toEqual([...kinds.map(([, score]) => score), `No submission folder at ${join(classDir, 'nobody')}.`])
      expect(finished.sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
      for (const o of outcomes) if (o.result) expectNothingLeft(o.result)
    } finally {
      rmSync(classDir, { recursive: true, force: true })
    }
  })

  it('grades a missing file as zero with a clear reason, and runs nothing', async () => {
    const result = await gradeSubmission(exampleLab, `${exampleLab}/wrong/orphan/parent-waits`, { only: ['reap-one'] })
    const [graded] = result.exercises
    expect(graded!.error).toBe('reap_one.py is not in the submission')
    expect(graded!.score).toBe(0)
    expect(graded!.checks.every((c) => !c.passed && c.detail === 'reap_one.py is not in the submission')).toBe(true)
  })

  it('releases a held checkpoint that no step releases, so the program is not blocked until the time limit', async () => {
    const lab = defineLab({
      lab: 'inline',
      exercises: [{
        id: 'popen', file: 'popen_leak.py', limits: { timeout: 20_000 },
        steps: [{ waitCheckpoint: 'done' }],
        checks: [{ points: 1, goneAt: { checkpoint: 'done', process: 'root.1' } }, { points: 1, nothingLeftRunning: true }],
      }],
    })
    const result = await gradeSubmission(lab, `${exampleLab}/submissions/reference`)
    expect(result.score).toBe(2)
    expect(result.exercises[0]!.durationMs).toBeLessThan(10_000)
    expectNothingLeft(result)
  })
})
