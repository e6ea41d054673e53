import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Annotated } from './e2e-fixtures/leftovers/annotations-reporter.js'
import { exists } from './helpers/processes.js'
import { vitestBin } from './helpers/child-vitest.js'

// Runs vitest on e2e-fixtures/leftovers once: concurrent tests, a synchronous child, and the
// picture the guard attaches to a leak.
const project = fileURLToPath(new URL('./e2e-fixtures/leftovers/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-leftovers-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Result {
  readonly title: string
  readonly status: string
  readonly failureMessages: readonly string[]
}
let tests: Result[] = []
let annotated: Annotated[] = []
let exitCode: number | undefined
let leaked: number[] = []

beforeAll(async () => {
  const jsonReport = join(scratch, 'report.json')
  const annotations = join(scratch, 'annotations.json')
  const leakedPids = join(scratch, 'leaked')
  const result = await execa(
    process.execPath,
    [
      vitestBin,
      'run',
      '--reporter=json',
      `--outputFile.json=${jsonReport}`,
      `--attachmentsDir=${join(scratch, 'attachments')}`,
      '--reporter=./annotations-reporter.ts',
    ],
    {
      cwd: project,
      reject: false,
      all: true,
      env: {
        NO_COLOR: '1',
        FORCE_COLOR: undefined,
        CI: '1',
        PROCLIFE_PICTURES: join(scratch, 'pictures'),
        LEAKED_PIDS: leakedPids,
        ANNOTATIONS: annotations,
      },
    },
  )
  exitCode = result.exitCode
  leaked = readFileSync(leakedPids, 'utf8').trim().split('\n').map(Number)
  tests = (
    JSON.parse(readFileSync(jsonReport, 'utf8')) as { testResults: { assertionResults: Result[] }[] }
  ).testResults.flatMap((file) => file.assertionResults)
  annotated = JSON.parse(readFileSync(annotations, 'utf8')) as Annotated[]
})

const message = (title: string): string =>
  tests.find((t) => t.title === title)!.failureMessages[0]!.split('\n\nTimeline')[0]!

it('fails the last of two concurrent tests, naming both and the line that spawned the leak', () => {
  expect(exitCode).toBe(1)
  const pair = tests.filter(
    (t) => t.title === 'leaks while another test runs' || t.title === 'runs beside it and starts nothing',
  )
  const failed = pair.filter((t) => t.status === 'failed')
  expect(failed).toHaveLength(1)
  const text = failed[0]!.failureMessages[0]!
  expect(text).toContain(
    'ran concurrently and left 1 process running (root.1) behind, still there 1000 ms after the test ended; the leak guard cannot tell which of them did',
  )
  expect(text).toContain('"leaks while another test runs"')
  expect(text).toContain('"runs beside it and starts nothing"')
  expect(text).toContain('root.1 was started by `sleep 30`, spawned at leftovers.spec.ts:22:12.')
  // The guard's state is the file's again after them: the next test runs clean.
  expect(tests.find((t) => t.title === 'runs clean after the concurrent tests')?.status).toBe('passed')
})

it('draws the child execSync ran, whose pid it never tells, as a synchronous child', () => {
  expect(message('leaks a background job through execSync')).toMatchInlineSnapshot(`
    "LeakError: The test "leaks a background job through execSync" left 1 process running (root.1.1) behind, still there 1000 ms after the test ended.
    root.1.1 was started by \`/bin/sh -c sleep 30 >/dev/null 2>&1 & echo $!\`, spawned at leftovers.spec.ts:35:10.

    Processes this test started (root is the test process):
    root (the test process)  ← still running
    └─ root.1 sh -c  ← exited (status unknown), a synchronous child: execSync does not tell its pid
       └─ root.1.1 sleep  ← orphan, adopted by init, stray, killed by the leak guard (SIGKILL)"
  `)
})

it('records the picture of what leaked on each failing test, and nothing on the others', () => {
  for (const test of tests) {
    const carried = annotated.find((t) => t.name === test.title)!
    // vitest takes no annotation once a test has ended, which is when the guard finds a leak.
    expect(carried.annotations).toEqual([])
    if (test.status === 'passed') {
      expect(carried.artifacts).toEqual([])
      continue
    }
    expect(carried.artifacts).toHaveLength(1)
    const [picture] = carried.artifacts
    expect(picture).toMatchObject({
      type: 'proclife:leak-picture',
      message: 'proclife: the picture of what the test leaked',
    })
    expect(picture!.attachments).toHaveLength(1)
    expect(picture!.attachments[0]!.contentType).toBe('image/svg+xml')
    // The file the failure message names, copied by vitest to its attachmentsDir.
    expect(picture!.attachments[0]!.path).toContain(join(scratch, 'attachments'))
    expect(picture!.attachments[0]!.body).toMatch(/^<svg /)
    expect(picture!.attachments[0]!.body).toContain('root.1')
    expect(picture!.attachments[0]!.body).toContain(`>test &quot;${test.title}&quot;</text>`)
    expect(test.failureMessages[0]).toContain(`Picture of the leak: ${join(scratch, 'pictures', 'leftovers.spec.ts')}/`)
  }
})

it('leaves nothing running', async () => {
  expect(leaked).toHaveLength(2)
  await expect.poll(() => leaked.filter(exists), { timeout: 10_000 }).toEqual([])
})
