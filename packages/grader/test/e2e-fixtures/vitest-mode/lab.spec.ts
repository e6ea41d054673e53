import { join } from 'node:path'
import { loadLab } from '@proclife/grader'
import { describeLab } from '@proclife/grader/vitest'

// The example lab, graded as vitest tests. The end-to-end test says which submission and which
// exercises through the environment.
const lab = loadLab(join(import.meta.dirname, '../../../../../fixtures/labs/process-lifecycles'))
describeLab(lab, {
  submission: process.env['SUBMISSION'] ?? 'submission',
  only: (process.env['ONLY'] ?? 'reap-one').split(','),
})
