import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exampleLab } from './helpers.js'
import { checksOf, runLab, scratch } from './vitest-mode-run.js'

// describeLab's failures before any check runs (vitest-mode.test.ts has the checks themselves):
// three more runs of vitest, so in `npm run test:long`.
describe('describeLab (@proclife/grader/vitest), run by vitest on a real test file', () => {
  it('fails every test of an exercise whose file is missing, with the reason', async () => {
    const run = await runLab(`${exampleLab}/wrong/orphan/parent-waits`, 'reap-one')
    expect(run.exitCode, run.output).toBe(1)
    expect(run.tests).toHaveLength(checksOf('reap-one').length)
    for (const t of run.tests) {
      expect(t.status).toBe('failed')
      expect(t.failureMessages).toEqual(['SubmissionError: reap_one.py is not in the submission'])
      expect([t.meta.points, t.meta.maxPoints]).toEqual([
        0,
        checksOf('reap-one').find((c) => `reap-one/${c.id}` === t.meta.check)!.points,
      ])
    }
  })

  it('fails every test when there is no submission folder, and rejects an exercise the lab does not have', async () => {
    const missing = join(scratch, 'no-such-submission')
    const run = await runLab(missing, 'reap-one')
    expect(run.exitCode, run.output).toBe(1)
    expect(run.tests.map((t) => [t.status, t.failureMessages])).toEqual(
      checksOf('reap-one').map(() => ['failed', [`SubmissionError: No submission folder at ${missing}.`]]),
    )

    const typo = await runLab(`${exampleLab}/submissions/reference`, 'reap-one,reap-two')
    expect(typo.exitCode, typo.output).toBe(1)
    expect(typo.tests).toEqual([])
    expect(typo.output).toContain(
      'describeLab: the lab "process-lifecycles" has no exercise "reap-two"; it has reap-one, ',
    )
  })
})
