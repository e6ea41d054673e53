import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defineLab, gradeSubmission, type LabInput } from '../src/index.js'
import { expectNothingLeft, problems, scores } from './helpers.js'

// A lab that runs its program on a real pseudo-terminal and types at it.

const scratch = mkdtempSync(join(tmpdir(), 'proclife-terminal-lab-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A program that reads a line at its terminal, answers, and runs a job in the foreground. */
function submission(): string {
  const dir = join(scratch, 'submission')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'prompt.sh'), 'read line\necho "got $line"\nsleep 30\n')
  return dir
}

const lab: LabInput = {
  lab: 'terminal',
  terminal: true,
  exercises: [
    {
      id: 'keys',
      file: 'prompt.sh',
      limits: { timeout: 10000 },
      steps: [{ type: 'hello\n' }, { waitSpawn: 'root.1', timeout: 5000 }, { type: 'ctrl-c' }],
      checks: [
        { id: 'read', points: 1, stdoutMatches: '^got hello$' },
        { id: 'held', points: 1, inForeground: 'root.1' },
        { id: 'job-interrupted', points: 2, exitStatus: { process: 'root.1', signal: 'SIGINT' } },
        { id: 'shell-interrupted', points: 1, exitStatus: { process: 'root', signal: 'SIGINT' } },
      ],
    },
  ],
}

describe('lab format: a terminal, typed keys, the foreground group', () => {
  it('types at a real terminal: ctrl-c reaches the foreground group through the kernel', async () => {
    const result = await gradeSubmission(defineLab(lab), submission())
    expect(result.exercises[0]!.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.detail}`)).toEqual([])
    expect(scores(result)).toEqual({
      'keys/read': 1,
      'keys/held': 1,
      'keys/job-interrupted': 2,
      'keys/shell-interrupted': 1,
    })
    expectNothingLeft(result)
  })

  it('grades an exercise that asks for a terminal where none can be had with a clear message', async () => {
    const saved = process.env['PROCLIFE_SENTINEL']
    process.env['PROCLIFE_SENTINEL'] = 'node'
    try {
      const result = await gradeSubmission(defineLab(lab), submission())
      const [exercise] = result.exercises
      expect(result.score).toBe(0)
      expect(exercise!.error).toBe(
        'this exercise needs a terminal, and none can be had here: the Node stand-in sentinel runs this run (PROCLIFE_SENTINEL=node: the native sentinel is not used), and it has no pseudo-terminal to give',
      )
      expect(exercise!.checks.every((c) => c.detail === exercise!.error)).toBe(true)
    } finally {
      if (saved === undefined) delete process.env['PROCLIFE_SENTINEL']
      else process.env['PROCLIFE_SENTINEL'] = saved
    }
  })

  it('names typing and foreground checks without a terminal, and a terminal that is not true or false', () => {
    expect(
      problems(() =>
        defineLab({
          lab: 'x',
          exercises: [
            { id: 'e', file: 'e', steps: [{ type: 'ctrl-c' }], checks: [{ points: 1, inForeground: 'root' }] },
          ],
        }),
      ),
    ).toEqual([
      'exercises[0].steps[0].type: a type step needs a terminal: add terminal: true to the exercise or the lab',
      'exercises[0].checks[0].inForeground: inForeground needs a terminal: add terminal: true to the exercise or the lab',
    ])
    expect(
      problems(() =>
        defineLab({
          lab: 'x',
          exercises: [
            {
              id: 'f',
              file: 'f',
              terminal: 'yes' as never,
              steps: [{ type: '' }],
              checks: [{ points: 1, spawned: 0 }],
            },
          ],
        }),
      ),
    ).toEqual([
      'exercises[0].terminal: Invalid input: expected boolean, received string',
      'exercises[0].steps[0].type: Too small: expected string to have >=1 characters',
    ])
  })

  it("an exercise may turn the lab's terminal off", () => {
    expect(
      problems(() =>
        defineLab({
          lab: 'x',
          terminal: true,
          exercises: [
            { id: 'e', file: 'e', terminal: false, steps: [{ type: 'ctrl-z' }], checks: [{ points: 1, spawned: 0 }] },
          ],
        }),
      ),
    ).toEqual([
      'exercises[0].steps[0].type: a type step needs a terminal: add terminal: true to the exercise or the lab',
    ])
  })
})
