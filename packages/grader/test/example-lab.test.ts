import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineLab, gradeSubmission, proveLab } from '../src/index.js'
import { exampleLab, expectNothingLeft } from './helpers.js'

describe('the example lab (fixtures/labs/process-lifecycles)', () => {
  // Its whole proof (21 solutions) and a class of seven graded at once are example-lab.long.test.ts's
  // (`npm run test:long`).
  it("says what is wrong with a lab's proof: a missing or wrong expect.yaml, a folder that is no exercise, a solution that scores otherwise", async () => {
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
      wrong('reap-one/raw-status', 'fails: [reaped]\n') // it really fails "reported"
      wrong('reap-one/no-wait') // no expect.yaml
      wrong('popen-leak/leak', 'fails: [no-such-check]\n')
      wrong('no-such-exercise/x', 'fails: [a]\n')
      const proof = await proveLab(lab)
      expect(proof.ok).toBe(false)
      expect(Object.fromEntries(proof.cases.map((c) => [c.name, [c.ok, c.error ?? c.actualFails.join(',')]]))).toEqual({
        reference: [true, ''],
        'no-such-exercise/x': [
          false,
          expect.stringMatching(/^wrong\/no-such-exercise is not an exercise of the lab \(reap-one, /),
        ],
        'popen-leak/leak': [
          false,
          'wrong/popen-leak/leak/expect.yaml names "no-such-check", not a check of popen-leak (one-child, reaped-in-time, returncode, parent-ok, tidy)',
        ],
        'reap-one/no-wait': [
          false,
          'no expect.yaml in wrong/reap-one/no-wait: say which checks it fails (fails: [one-child, …])',
        ],
        'reap-one/raw-status': [false, 'reap-one/reported'],
      })
    } finally {
      rmSync(lab, { recursive: true, force: true })
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
      exercises: [
        {
          id: 'popen',
          file: 'popen_leak.py',
          limits: { timeout: 20_000 },
          steps: [{ waitCheckpoint: 'done' }],
          checks: [
            { points: 1, goneAt: { checkpoint: 'done', process: 'root.1' } },
            { points: 1, nothingLeftRunning: true },
          ],
        },
      ],
    })
    const result = await gradeSubmission(lab, `${exampleLab}/submissions/reference`)
    expect(result.score).toBe(2)
    expect(result.exercises[0]!.durationMs).toBeLessThan(10_000)
    expectNothingLeft(result)
  })
})
