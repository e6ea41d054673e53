import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultConcurrency, defineLab, gradeSubmission, gradeSubmissions } from '../src/index.js'
import { exampleLab, expectNothingLeft, scores } from './helpers.js'

describe('the example lab (fixtures/labs/process-lifecycles)', () => {
  it('gives the reference solutions full marks', async () => {
    const result = await gradeSubmission(exampleLab, `${exampleLab}/submissions/reference`)
    expect(result.exercises.map((e) => [e.id, e.score, e.maxScore])).toEqual([
      ['reap-one', 10, 10], ['zombie-on-signal', 10, 10], ['orphan', 10, 10], ['popen-leak', 10, 10],
      ['double-fork-daemon', 10, 10], ['sigchld-burst', 10, 10], ['mp-worker-at-exit', 10, 10],
      ['sigchld-ignored', 10, 10], ['pool', 10, 10],
    ])
    expect(result.score).toBe(90)
    expect(result.maxScore).toBe(90)
    expect(result.exercises.every((e) => e.checks.every((c) => c.picture === null && c.timeline === null))).toBe(true)
    expectNothingLeft(result)
  })

  // Each wrong solution loses exactly the points of the checks it should fail, no more, no less.
  const wrong: [exercise: string, variant: string, failed: string[], score: number][] = [
    ['reap-one', 'no-wait', ['reaped', 'reported'], 5],
    ['reap-one', 'raw-status', ['reported'], 8],
    ['zombie-on-signal', 'reaps-early', ['zombie'], 6],
    ['zombie-on-signal', 'never-reaps', ['cleared'], 6],
    ['orphan', 'parent-waits', ['adopted', 'reaped-by-reaper'], 4],
    ['orphan', 'never-exits', ['reaped-by-reaper', 'child-ok', 'tidy'], 6],
    ['popen-leak', 'leak', ['reaped-in-time', 'returncode'], 3],
    ['popen-leak', 'waits-late', ['reaped-in-time'], 5],
    ['double-fork-daemon', 'no-wait', ['first-child-reaped'], 7],
    ['double-fork-daemon', 'killed-by-term', ['daemon-stops-cleanly'], 8],
    ['sigchld-burst', 'one-wait-per-signal', ['all-reaped'], 4],
    ['sigchld-burst', 'blocking-wait', ['all-reaped', 'parent-ok'], 2],
    ['mp-worker-at-exit', 'os-exit', ['worker-joined'], 7],
    ['mp-worker-at-exit', 'join-before-start', ['worker-finishes', 'job-in-worker', 'worker-joined', 'parent-ok'], 1],
    ['sigchld-ignored', 'default-action', ['never-zombies', 'reported'], 3],
    ['sigchld-ignored', 'wait-anyway', ['reported', 'parent-ok'], 7],
    ['pool', 'unbounded', ['bounded'], 7],
    ['pool', 'head-of-line', ['reaps-promptly'], 8],
    ['pool', 'one-at-a-time', ['parallel'], 8],
  ]
  it.each(wrong)('%s: the "%s" solution fails %j and scores %i/10', async (exercise, variant, failed, score) => {
    const result = await gradeSubmission(exampleLab, `${exampleLab}/wrong/${exercise}/${variant}`, { only: [exercise] })
    const [graded] = result.exercises
    expect(graded!.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(failed.map((f) => `${exercise}/${f}`))
    expect(graded!.score).toBe(score)
    for (const c of graded!.checks.filter((c) => !c.passed)) {
      expect(c.picture).toContain('root')
      expect(c.detail).not.toBe('')
    }
    expect(Object.values(scores(result)).reduce((a, b) => a + b, 0)).toBe(score)
    expectNothingLeft(result)
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
