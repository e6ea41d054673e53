import { describe, expect, it } from 'vitest'
import { defineLab } from '../src/index.js'
import { problems } from './helpers.js'

// The parts of the lab format a job-control lab (or any compiled one) needs.

const check = { points: 1, spawned: 0 }

describe('lab format: builds, lab files, args, job-control steps and checks', () => {
  it('accepts a build, lab files, args, group signals, the new waits and checks', () => {
    const lab = defineLab(
      {
        lab: 'shell',
        files: ['Makefile', 'drivers'],
        build: { run: 'make', timeout: 30000 },
        exercises: [
          {
            id: 'e',
            file: 'jsh',
            args: ['-v'],
            steps: [
              { signal: { process: 'root', signal: 'SIGINT', group: true } },
              { waitSpawn: 'root.1', timeout: 100 },
              { waitStopped: 'root.1' },
              { waitContinued: 'root.1' },
            ],
            checks: [
              { points: 1, stdoutDoesNotMatch: 'Running' },
              { points: 1, stoppedThenContinued: 'root.1' },
              { points: 1, leadsOwnGroup: 'root.1' },
              { points: 1, sameGroup: ['root.2', 'root.2.1'] },
            ],
          },
        ],
      },
      '/a/lab/folder',
    )
    expect(lab.build).toEqual({ run: 'make', timeout: 30000 })
    expect(lab.exercises[0]!.args).toEqual(['-v'])
  })

  it('names each wrong field', () => {
    expect(
      problems(() =>
        defineLab({
          lab: 'x',
          files: ['/etc/passwd', '../up'],
          build: { run: '', timeout: 0 } as never,
          exercises: [
            {
              id: 'e',
              file: 'e',
              args: 'v' as never,
              steps: [{ signal: { process: 'root', signal: 'SIGINT', group: 'yes' as never } }],
              checks: [
                { points: 1, sameGroup: ['root'] },
                { points: 1, stdoutDoesNotMatch: '(' },
              ],
            },
          ],
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        'files[0]: a relative path inside the lab folder',
        'files[1]: a relative path inside the lab folder',
        expect.stringMatching(/^build\.run: /),
        expect.stringMatching(/^build\.timeout: /),
        expect.stringMatching(/^exercises\[0\]\.args: /),
        expect.stringMatching(/^exercises\[0\]\.steps\[0\]/),
        'exercises[0].checks[0].sameGroup: name at least two processes',
        'exercises[0].checks[1].stdoutDoesNotMatch: a valid regular expression',
      ]),
    )
  })

  it('takes the stop signal of stoppedThenContinued in the long form, and names a wrong one', () => {
    const lab = defineLab({
      lab: 'x',
      exercises: [
        { id: 'e', file: 'e.sh', checks: [{ points: 1, stoppedThenContinued: { process: 'root.1', by: 'TSTP' } }] },
      ],
    })
    expect(lab.exercises[0]!.checks[0]!.stoppedThenContinued).toEqual({ process: 'root.1', by: 'TSTP' })
    expect(
      problems(() =>
        defineLab({
          lab: 'x',
          exercises: [
            {
              id: 'e',
              file: 'e.sh',
              checks: [{ points: 1, stoppedThenContinued: { process: 'root.1', by: 'SIGINT' } }],
            },
          ],
        }),
      ),
    ).toEqual(['exercises[0].checks[0].stoppedThenContinued.by: a stop signal: SIGTSTP, SIGSTOP, SIGTTIN or SIGTTOU'])
  })

  it('a lab defined in code names files only with its folder', () => {
    expect(
      problems(() =>
        defineLab({ lab: 'x', files: ['Makefile'], exercises: [{ id: 'e', file: 'e.sh', checks: [check] }] }),
      ),
    ).toEqual(['files: a lab defined in code has no folder to take them from (pass its folder to defineLab)'])
  })
})
