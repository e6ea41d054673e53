import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  AUTO_UID_BASE,
  cannotSwitchUsers,
  defineLab,
  gradeSubmission,
  gradeSubmissions,
  GraderError,
} from '../src/index.js'
import { exampleLab, expectNothingLeft } from './helpers.js'

// Runs as another user need root and setpriv, and an interpreter every user can run.
const python = '/usr/bin/python3'
const canSwitch = cannotSwitchUsers() === null && existsSync(python)
const scratch = mkdtempSync(join(tmpdir(), 'proclife-user-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe.skipIf(!canSwitch)("students' programs run as another user", () => {
  it('grades the example lab as a user of its own for every run, with the same marks', async () => {
    const result = await gradeSubmission(exampleLab, `${exampleLab}/submissions/reference`, {
      user: 'auto',
      interpreters: { python },
    })
    expect(result.score).toBe(result.maxScore)
    for (const e of result.exercises) {
      const uid = Number(/; runs as uid (\d+) \(a user of its own\), without capabilities$/.exec(e.notes[0]!)?.[1])
      expect(uid).toBeGreaterThanOrEqual(AUTO_UID_BASE + (process.pid % 100_000) * 1000)
      expect(uid).toBeLessThan(AUTO_UID_BASE + ((process.pid % 100_000) + 1) * 1000)
    }
    expectNothingLeft(result)
  })

  it('keeps kill(-1) from reaching anything but the program itself, even with three graded at once, each as a user of its own', async () => {
    // The program signals every process it may; as root that would be the whole machine. It refuses
    // to go on as root, so that this test can never do harm.
    const submission = join(scratch, 'killer')
    rmSync(submission, { recursive: true, force: true })
    await import('node:fs').then((fs) => fs.mkdirSync(submission))
    writeFileSync(
      join(submission, 'kill_all.py'),
      [
        'import os, signal',
        'from proclife import checkpoint',
        'if os.getuid() == 0:',
        '    raise SystemExit("refusing to run as root")',
        'checkpoint("ready")',
        'os.kill(-1, signal.SIGKILL)',
        'print(f"uid {os.getuid()} is still here")',
        '',
      ].join('\n'),
    )
    const lab = defineLab({
      lab: 'kill-all',
      defaults: { timeout: 10_000 },
      exercises: [
        {
          id: 'kill-all',
          file: 'kill_all.py',
          steps: [{ waitCheckpoint: 'ready' }, { release: 'ready' }],
          checks: [
            { id: 'unprivileged', points: 1, stdoutMatches: '^uid \\d+ is still here$' },
            { id: 'exit', points: 1, exitStatus: { process: 'root', code: 0 } },
          ],
        },
      ],
    })
    // A process of ours, started as root before the grading: it must still be there afterwards.
    const bystander = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] })
    let bystanderExit: unknown = null
    bystander.once('exit', (code, signal) => {
      bystanderExit = signal ?? code
    })
    try {
      const outcomes = await gradeSubmissions(lab, [submission, submission, submission], {
        user: 'auto',
        interpreters: { python },
        concurrency: 3,
      })
      for (const o of outcomes) {
        expect(o.result?.score, o.result?.exercises[0]?.checks.map((c) => c.detail).join('; ')).toBe(2)
        expectNothingLeft(o.result!)
      }
      expect(bystanderExit).toBeNull()
      expect(bystander.kill(0)).toBe(true)
    } finally {
      bystander.kill('SIGKILL')
      if (bystanderExit === null) await once(bystander, 'exit')
    }
  })

  it('gives the run its copy of the submission, but never what a link in it points to', async () => {
    const secret = join(scratch, 'secret')
    writeFileSync(secret, 'root only\n', { mode: 0o600 })
    const submission = join(scratch, 'linker')
    rmSync(submission, { recursive: true, force: true })
    await import('node:fs').then((fs) => fs.mkdirSync(submission))
    symlinkSync(secret, join(submission, 'secret'))
    writeFileSync(
      join(submission, 'peek.py'),
      [
        'import os',
        'print("mine" if os.stat("peek.py").st_uid == os.getuid() else "not mine")',
        'try:',
        '    print(open("secret").read().strip())',
        "except OSError:  # not allowed; or, in the run's private /tmp, not there at all",
        '    print("secret is out of reach")',
        '',
      ].join('\n'),
    )
    const lab = defineLab({
      lab: 'peek',
      exercises: [
        { id: 'peek', file: 'peek.py', checks: [{ points: 1, stdoutMatches: '^mine\nsecret is out of reach$' }] },
      ],
    })
    const result = await gradeSubmission(lab, submission, { user: 'auto', interpreters: { python } })
    expect(result.exercises[0]!.stdout).toBe('mine\nsecret is out of reach\n')
    expect(statSync(secret).uid).toBe(0)
  })

  it('replaces an interpreter the user cannot reach by a system one of the same version, and says so', async () => {
    const hidden = mkdtempSync(join(scratch, 'root-only-')) // mode 0700: only root may enter
    symlinkSync(python, join(hidden, 'python3'))
    const result = await gradeSubmission(exampleLab, `${exampleLab}/submissions/reference`, {
      user: 'auto',
      interpreters: { python: join(hidden, 'python3') },
      only: ['reap-one'],
    })
    expect(result.score).toBe(result.maxScore)
    expect(result.exercises[0]!.notes).toContainEqual(
      expect.stringMatching(
        /^interpreter: \S*root-only-\w+\/python3 is \S*root-only-\w+\/python3 \(3\.\d+\.\d+\), which the runs' user cannot execute \(.*Permission denied\): \/usr\/bin\/python3 \(3\.\d+\.\d+\) runs the submissions instead$/,
      ),
    )
  })

  it('refuses, before running anything, an interpreter the user cannot reach with no system one of its version, and a user that does not exist', async () => {
    // A Python that only root may run, of a version no system has.
    const hidden = mkdtempSync(join(scratch, 'root-only-'))
    writeFileSync(join(hidden, 'python3'), '#!/bin/sh\necho "$0"; echo 3.99.0\n', { mode: 0o755 })
    const grading = gradeSubmission(exampleLab, `${exampleLab}/submissions/reference`, {
      user: 'auto',
      interpreters: { python: join(hidden, 'python3') },
      only: ['reap-one'],
    })
    await expect(grading).rejects.toThrow(GraderError)
    await expect(grading).rejects.toThrow(
      /^Cannot run the submissions as uid \d+ \(a user of its own\): \S*root-only-\w+\/python3 is \S*root-only-\w+\/python3 \(3\.99\.0\), which that user cannot execute \(.*Permission denied\), and no Python 3\.99 that every user can run is installed \(looked for python3, python3\.99 in \/usr\/bin, \/usr\/local\/bin, \/bin\)\. Install one \(apt-get install python3\.99\), give one with --python, or make \S+ and its folders executable by others\.$/,
    )
    await expect(
      gradeSubmission(exampleLab, `${exampleLab}/submissions/reference`, {
        user: 'no-such-user-here',
        only: ['reap-one'],
      }),
    ).rejects.toThrow('Cannot run as user "no-such-user-here": there is no such user in /etc/passwd.')
    // In a batch, a setup problem stops it rather than failing every submission alike.
    await expect(
      gradeSubmissions(exampleLab, [`${exampleLab}/submissions/reference`, `${exampleLab}/submissions/reference`], {
        user: 0,
        only: ['reap-one'],
      }),
    ).rejects.toThrow('Cannot run as uid 0: give a uid from 1 (to run as root, say root).')
  })

  it('runs as a user of its own by default, and as root only when asked, with a warning in every report', async () => {
    const byDefault = await gradeSubmission(exampleLab, `${exampleLab}/submissions/reference`, { only: ['reap-one'] })
    expect(byDefault.exercises[0]!.notes[0]).toMatch(/; runs as uid \d+ \(a user of its own\), without capabilities$/)
    const asRoot = await gradeSubmission(exampleLab, `${exampleLab}/submissions/reference`, {
      user: 'root',
      only: ['reap-one'],
    })
    expect(asRoot.score).toBe(asRoot.maxScore)
    expect(asRoot.exercises[0]!.notes[0]).toMatch(
      /; runs as root, as asked \(--user root\): it could undo its private files, and signal or read anything on the machine$/,
    )
    expectNothingLeft(byDefault)
    expectNothingLeft(asRoot)
  })
})
