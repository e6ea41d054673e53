import { execFileSync } from 'node:child_process'
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  copySubmission,
  defineLab,
  GraderError,
  gradeSubmission,
  LabError,
  submissionLimits,
  surveySubmission,
  writeIntoCopy,
} from '../src/index.js'

const scratch = mkdtempSync(join(tmpdir(), 'proclife-copy-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let n = 0

/** A classmate, a results folder and a submission beside them, in a fresh folder. */
function classroom(): { victim: string; results: string; evil: string; dir: string } {
  const dir = join(scratch, `class-${++n}`)
  const victim = join(dir, 'victim')
  const results = join(dir, 'results')
  const evil = join(dir, 'evil')
  for (const d of [victim, results, evil]) mkdirSync(d, { recursive: true })
  writeFileSync(join(victim, 'main.py'), 'print("mine")\n')
  writeFileSync(join(evil, 'main.py'), 'print("evil")\n')
  return { victim, results, evil, dir }
}

/** The grader writes its helper at a name the student made a link: it must not write through it. */
function expectHelperRefused(copy: string, rel: string): void {
  expect(writeIntoCopy(copy, rel, 'helper\n')).toBe(false)
}

const refusal = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(GraderError)
    expect((error as GraderError).ofSubmission).toBe(true)
    return (error as Error).message
  }
  throw new Error('expected the submission to be refused')
}

describe('a submission is copied as data: a link stays the link it was, and nothing is written through it', () => {
  it("a link to a classmate's file (relative), at the helper's name: copied as the same link; the helper is not written, the classmate gets no file", () => {
    const { victim, evil } = classroom()
    symlinkSync('../victim/socket.py', join(evil, 'proclife.py'))
    const copy = join(scratch, `copy-${n}`)
    copySubmission(evil, copy)
    // Not made absolute toward the host, as Node's cpSync does.
    expect(readlinkSync(join(copy, 'proclife.py'))).toBe('../victim/socket.py')
    expectHelperRefused(copy, 'proclife.py')
    expect(readdirSync(victim)).toEqual(['main.py'])
  })

  it('a link to /etc: copied as the link; nothing appears in /etc', () => {
    const { evil } = classroom()
    const target = `/etc/proclife-copy-test-${process.pid}`
    symlinkSync(target, join(evil, 'proclife.py'))
    const copy = join(scratch, `copy-${n}`)
    copySubmission(evil, copy)
    expect(readlinkSync(join(copy, 'proclife.py'))).toBe(target)
    expectHelperRefused(copy, 'proclife.py')
    expect(existsSync(target)).toBe(false)
  })

  it('a link into the results folder: copied as the link; no file is planted there', () => {
    const { results, evil } = classroom()
    symlinkSync(join(results, 'victim.json'), join(evil, 'proclife.h'))
    const copy = join(scratch, `copy-${n}`)
    copySubmission(evil, copy)
    expectHelperRefused(copy, 'proclife.h')
    expect(readdirSync(results)).toEqual([])
  })

  it('a dangling link: copied as it is (a run that follows it finds nothing); the helper is not written through it', () => {
    const { dir, evil } = classroom()
    symlinkSync('../not-yet', join(evil, 'proclife.py'))
    const copy = join(scratch, `copy-${n}`)
    copySubmission(evil, copy)
    expect(readlinkSync(join(copy, 'proclife.py'))).toBe('../not-yet')
    expectHelperRefused(copy, 'proclife.py')
    expect(existsSync(join(dir, 'not-yet'))).toBe(false)
    expect(existsSync(join(scratch, 'not-yet'))).toBe(false)
  })

  it("a link to a folder (a classmate's): not entered by the copy; a helper under it is not written", () => {
    const { victim, evil } = classroom()
    symlinkSync('../victim', join(evil, 'node_modules'))
    const copy = join(scratch, `copy-${n}`)
    const survey = copySubmission(evil, copy)
    expect(lstatSync(join(copy, 'node_modules')).isSymbolicLink()).toBe(true)
    // Two entries: main.py and the link; nothing of the classmate's was walked.
    expect(survey.files).toBe(2)
    expectHelperRefused(copy, 'node_modules/proclife/package.json')
    expect(readdirSync(victim)).toEqual(['main.py'])
  })

  it('a hard link to a file outside the submission: refused, with why; one whose names are all inside: copied', () => {
    const { dir, evil } = classroom()
    writeFileSync(join(dir, 'secret'), 'not yours\n', { mode: 0o600 })
    linkSync(join(dir, 'secret'), join(evil, 'notes.txt'))
    expect(refusal(() => copySubmission(evil, join(scratch, `copy-${n}`)))).toBe(
      'the submission\'s "notes.txt" is a hard link to a file with 1 name outside the submission: copy the file itself instead',
    )
    expect(existsSync(join(scratch, `copy-${n}`))).toBe(false)

    const inside = classroom()
    linkSync(join(inside.evil, 'main.py'), join(inside.evil, 'again.py'))
    const copy = join(scratch, `copy-${n}`)
    copySubmission(inside.evil, copy)
    expect(readFileSync(join(copy, 'again.py'), 'utf8')).toBe('print("evil")\n')
  })
})

describe('a submission is bounded before it is copied', () => {
  it('too many files, too many bytes, a named pipe: refused with a clear message; within bounds: copied', () => {
    const { evil } = classroom()
    for (let i = 0; i < 30; i++) writeFileSync(join(evil, `f${i}`), '')
    expect(refusal(() => surveySubmission(evil, { maxFiles: 20, maxBytes: 1024 }))).toBe(
      "the submission has more than 20 files and folders (the lab's submission.maxFiles): it was not copied",
    )
    expect(surveySubmission(evil, { maxFiles: 31, maxBytes: 1024 }).files).toBe(31)
    writeFileSync(join(evil, 'big'), Buffer.alloc(4096))
    expect(refusal(() => surveySubmission(evil, { maxFiles: 100, maxBytes: 4096 }))).toBe(
      "the submission's files hold more than 4096 bytes (the lab's submission.maxBytes): it was not copied",
    )
    execFileSync('mkfifo', [join(evil, 'pipe')])
    expect(refusal(() => surveySubmission(evil))).toBe(
      'the submission\'s "pipe" is a named pipe: only files, folders and links are graded',
    )
  })

  it('the lab sets the bounds (submission.maxFiles, submission.maxBytes), checked before a grade runs anything; defaults otherwise', async () => {
    const lab = defineLab({
      lab: 'bounded',
      submission: { maxFiles: 2, maxBytes: 33554432 },
      exercises: [{ id: 'a', file: 'main.py', checks: [{ points: 1, spawned: 0 }] }],
    })
    expect(submissionLimits(lab)).toEqual({ maxFiles: 2, maxBytes: 33554432 })
    expect(submissionLimits(defineLab({ lab: 'plain', exercises: lab.exercises }))).toEqual({
      maxFiles: 2000,
      maxBytes: 32 * 1024 * 1024,
    })
    expect(() =>
      defineLab({ lab: 'bad', submission: { maxFiles: 0, maxBytes: 10 }, exercises: lab.exercises }),
    ).toThrow(LabError)
    const { evil } = classroom()
    writeFileSync(join(evil, 'a'), '')
    writeFileSync(join(evil, 'b'), '')
    await expect(gradeSubmission(lab, evil)).rejects.toThrow(
      "the submission has more than 2 files and folders (the lab's submission.maxFiles): it was not copied",
    )
  })
})
