import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { defineLab, gradeSubmission } from '../src/index.js'

const scratch = mkdtempSync(join(tmpdir(), 'proclife-student-path-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

it("names the student's own file when it cannot be run, never the deleted copy the run had", async () => {
  const submission = join(scratch, 'alice')
  mkdirSync(submission)
  writeFileSync(join(submission, 'prog'), '#!/bin/sh\necho hi\n')
  chmodSync(join(submission, 'prog'), 0o644)
  const lab = defineLab({
    lab: 'x',
    exercises: [{ id: 'e', file: 'prog', checks: [{ points: 1, exitStatus: { code: 0 } }] }],
  })
  const result = await gradeSubmission(lab, submission)
  const own = join(submission, 'prog')
  expect(result.exercises[0]!.error).toBe(
    `could not run prog: ${own} has no known extension (.py .js .mjs .cjs .ts .sh) and is not executable. Make it executable (chmod +x ${own}) or give it an extension.`,
  )
})
