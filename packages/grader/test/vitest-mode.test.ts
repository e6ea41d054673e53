import { describe, expect, it } from 'vitest'
import { describeCheck } from '../src/index.js'
import { exampleLab } from './helpers.js'
import { checksOf, lab, labTitle, runLab, total } from './vitest-mode-run.js'

// describeLab run by vitest on a real test file (e2e-fixtures/vitest-mode/lab.spec.ts), once for the
// reference solution and once for a wrong one. What it does for a missing file or folder, and for
// an exercise the lab lacks (three more runs of vitest), is vitest-mode.long.test.ts's.
describe('describeLab (@proclife/grader/vitest), run by vitest on a real test file', () => {
  it('generates one passing test per check for the reference solution, named by the check, with its points', async () => {
    const run = await runLab(`${exampleLab}/submissions/reference`, 'reap-one,zombie-on-signal')
    expect(run.exitCode, run.output).toBe(0)
    const expected = ['reap-one', 'zombie-on-signal'].flatMap((id) => {
      const exercise = lab.exercises.find((e) => e.id === id)!
      return exercise.checks.map((c) => [[labTitle, exercise.title], describeCheck(c), 'passed'])
    })
    expect(run.tests.map((t) => [t.ancestorTitles, t.title, t.status])).toEqual(expected)
    expect(run.tests.map((t) => t.title)).toContain('root.1 is reaped by its parent')
    expect(run.tests.map((t) => t.meta.check)).toEqual([
      'reap-one/one-child',
      'reap-one/child-status',
      'reap-one/reaped',
      'reap-one/reported',
      'reap-one/parent-ok',
      'zombie-on-signal/zombie',
      'zombie-on-signal/cleared',
      'zombie-on-signal/parent-ok',
      'zombie-on-signal/tidy',
    ])
    expect(run.tests.every((t) => t.meta.points === t.meta.maxPoints)).toBe(true)
    expect([total(run.tests, 'points'), total(run.tests, 'maxPoints')]).toEqual([20, 20])
    expect(run.output).toContain('9 passed')
  })

  it('fails exactly the checks a wrong solution fails, with the detail, the feedback and the process tree', async () => {
    const run = await runLab(`${exampleLab}/wrong/reap-one/no-wait`, 'reap-one')
    expect(run.exitCode, run.output).toBe(1)
    expect(run.tests.map((t) => [t.title, t.status])).toEqual(
      checksOf('reap-one').map((c) => [
        describeCheck(c),
        c.id === 'reaped' || c.id === 'reported' ? 'failed' : 'passed',
      ]),
    )
    const failed = run.tests.filter((t) => t.status === 'failed')
    expect(failed.map((t) => t.meta.check)).toEqual(['reap-one/reaped', 'reap-one/reported'])
    expect(failed.map((t) => t.meta.points)).toEqual([0, 0])
    expect([total(run.tests, 'points'), total(run.tests, 'maxPoints')]).toEqual([5, 10])

    const [reaped, reported] = failed.map((t) => t.failureMessages.join('\n'))
    expect(reaped).toMatch(
      /^CheckFailed: run 1 of 2: root\.1 was reaped by the sentinel \(its parent never waited for it\)\n/,
    )
    expect(reported).toMatch(
      /^CheckFailed: run 1 of 2: the output does not match \/\^child exited with 7\$\/; it was: "child exited with 0"\n/,
    )
    for (const [message, id] of [
      [reaped!, 'reaped'],
      [reported!, 'reported'],
    ] as const) {
      expect(message).toContain(`hint: ${checksOf('reap-one').find((c) => c.id === id)!.feedback}`)
      expect(message).toMatch(/\nprocesses:\n {2}root python3 \(\d+\) .*\n {2}└─ root\.1 /)
      expect(message).toMatch(/\ntimeline \(~ = sampled\):\n.* root\.1 +reap +reaped by the reaper/s)
      // No stack frames of the grader: the message is the report.
      expect(message).not.toMatch(/^\s+at /m)
    }
    // What the instructor sees in the terminal.
    expect(run.output).toContain(`${labTitle} > Fork a child and reap it > root.1 is reaped by its parent`)
    expect(run.output).toContain('hint: The parent must wait for its child (os.waitpid)')
  })
})
