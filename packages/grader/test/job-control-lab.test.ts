import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { gradeSubmission, loadLab, proveLab, type GradeResult } from '../src/index.js'
import { expectNothingLeft, repoRoot } from './helpers.js'

const lab = `${repoRoot}fixtures/labs/job-control`
const scratch = mkdtempSync(join(tmpdir(), 'proclife-job-control-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the job-control example lab (fixtures/labs/job-control)', () => {
  it('is proven: the reference shell scores full marks, each wrong shell loses exactly its points', async () => {
    const proof = await proveLab(lab)
    expect(proof.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.error ?? c.actualFails.join(', ')}`)).toEqual([])
    expect(Object.fromEntries(proof.cases.map((c) => [c.name, c.score]))).toEqual({
      reference: 43,
      'background/no-reap-loop': 2,
      'foreground/waitfg-does-not-wait': 4,
      'interrupt/no-setpgid': 8,
      'interrupt/signal-to-pid-only': 9,
    })
    const reference = proof.cases[0]!.result!
    // Every step happened: no note says one did not (held checkpoints were released, not timed out).
    expect(reference.exercises.flatMap((e) => e.notes).filter((n) => /^step \d+/.test(n))).toEqual([])
    // The reference shell's job was stopped by the SIGTSTP of a typed ctrl-z and continued by its fg.
    const fg = reference.exercises.find((e) => e.id === 'stop-and-fg')!
    expect(fg.stdout).toMatch(/^\[1\] stopped by signal 20$/m)
    // The check names the stop signal (exact capture reports it): a stop by anything else would not pass.
    const stopped = fg.checks.find((c) => c.id === 'stop-and-fg/stopped-and-continued')!
    expect([stopped.name, stopped.passed]).toEqual(['root.1 is stopped by SIGTSTP and later continued', true])
    expect(stopped.detail).toMatch(/^root\.1 was stopped by SIGTSTP at \d+ ms and continued at \d+ ms$/)
    // ctrl-c typed at the real terminal: the kernel signalled the foreground group (the shell's),
    // the reference shell passed it on to the job's group, and the background job was untouched.
    const detail = (name: string, exercise: string, check: string): string =>
      proof.cases
        .find((c) => c.name === name)!
        .result!.exercises.find((e) => e.id === exercise)!
        .checks.find((c) => c.id === `${exercise}/${check}`)!.detail
    expect(detail('reference', 'interrupt', 'background-untouched')).toBe('root.1: killed by SIGTERM')
    // The classic bug, shown by the kernel itself: jobs left in the shell's group (the terminal's
    // foreground group) get the terminal's SIGINT, background jobs too.
    expect(detail('interrupt/no-setpgid', 'interrupt', 'background-untouched')).toBe('root.1: killed by SIGINT')
    for (const c of proof.cases) expectNothingLeft(c.result!)
  })

  it("grades a shell that does not compile as a build error, with the compiler's output", async () => {
    const broken = join(scratch, 'broken')
    writeFileSync(join(mkdirp(broken), 'jsh.c'), 'int main(void) { return undeclared; }\n')
    const result: GradeResult = await gradeSubmission(lab, broken, { only: ['foreground'] })
    const [exercise] = result.exercises
    expect(result.score).toBe(0)
    expect(exercise!.error).toBe('the build (`make`) failed with exit code 2; nothing was graded')
    expect(exercise!.notes.join('\n')).toMatch(
      /^the build's output:\n[^]*jsh\.c:1:\d+: error: .undeclared. undeclared/m,
    )
    expect(exercise!.runs).toBe(0)
  })

  it('names a lab file that is not there', () => {
    const dir = join(scratch, 'missing-file')
    writeFileSync(
      join(mkdirp(dir), 'lab.yaml'),
      'lab: x\nfiles: [Makefile]\nexercises:\n  - id: e\n    file: e\n    checks: [{ points: 1, spawned: 0 }]\n',
    )
    expect(() => loadLab(dir)).toThrow(/files: Makefile is not in /)
  })
})

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true })
  return dir
}
