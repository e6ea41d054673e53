import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, expect, it } from 'vitest'
import { exists } from './helpers/processes.js'
import { vitestBin } from './helpers/child-vitest.js'

const project = fileURLToPath(new URL('./e2e-fixtures/guard/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-e2e-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

it('fails the test that leaked, with the picture, and lets the next one pass; nothing is left running', async () => {
  const leakedPids = join(scratch, 'leaked-pids')
  const ignoredPids = join(scratch, 'ignored-pids')
  const jsonReport = join(scratch, 'report.json')
  const result = await execa(
    process.execPath,
    [
      vitestBin,
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${jsonReport}`,
      `--attachmentsDir=${join(scratch, 'attachments')}`,
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
        IGNORED_PIDS: ignoredPids,
      },
      extendEnv: true,
    },
  )
  expect(result.exitCode).toBe(1)

  const tests = (
    JSON.parse(readFileSync(jsonReport, 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[]
    }
  ).testResults.flatMap((file) => file.assertionResults)
  expect(tests.map((t) => [t.title, t.status])).toEqual([
    ['leaks a detached child', 'failed'],
    ['runs clean after the leak', 'passed'],
    ['may leave a process the guard was told to ignore', 'passed'],
    ['leaves a zombie behind', 'failed'],
    ['leaves a child that ends soon after the test: no leak', 'passed'],
  ])

  // What the user sees: the leak, the tree with the leaked process, and that the guard killed it.
  const message = tests[0]!.failureMessages[0]!
  expect(message.split('\n\nTimeline')[0]).toMatchInlineSnapshot(`
    "LeakError: The test "leaks a detached child" left 1 process running (root.1) behind, still there 1000 ms after the test ended.
    root.1 was started by \`sleep 30\`, spawned at leaky.spec.ts:17:17.

    Processes this test started (root is the test process):
    root (the test process)  ← still running
    └─ root.1 sleep  ← stray, killed by the leak guard (SIGKILL)"
  `)
  expect(result.all).toContain(
    'LeakError: The test "leaks a detached child" left 1 process running (root.1) behind, still there 1000 ms after the test ended.',
  )
  expect(result.all).toContain('└─ root.1 sleep  ← stray, killed by the leak guard (SIGKILL)')
  // The default reporter prints where the picture is, with the message.
  expect(result.all).toContain(
    `Picture of the leak: ${join(scratch, 'pictures', 'leaky.spec.ts', 'leaks-a-detached-child.svg')}`,
  )

  expect(tests[3]!.failureMessages[0]!.split('\n\nTimeline')[0]).toMatchInlineSnapshot(`
    "LeakError: The test "leaves a zombie behind" left 1 process running (root.1) and 1 zombie unreaped (root.1.1) behind, still there 1000 ms after the test ended.
    root.1, root.1.1 were started by \`sh -c true & exec sleep 30\`, spawned at leaky.spec.ts:37:18.

    Processes this test started (root is the test process):
    root (the test process)  ← still running
    └─ root.1 sleep  ← stray, killed by the leak guard (SIGKILL)
       └─ root.1.1 sh  ← <defunct>, never reaped, exited (status unknown)"
  `)

  // Everything the failing tests left was killed (the zombie's holder), then reaped (by init).
  const pids = readFileSync(leakedPids, 'utf8').trim().split('\n').map(Number)
  expect(pids).toHaveLength(3)
  await expect.poll(() => pids.filter(exists), { timeout: 10_000 }).toEqual([])

  // The ignored one was left alone: it is still running, and ours to end.
  const [ignored] = readFileSync(ignoredPids, 'utf8').trim().split('\n').map(Number)
  expect(exists(ignored!)).toBe(true)
  process.kill(ignored!, 'SIGKILL')
  await expect.poll(() => exists(ignored!), { timeout: 5000 }).toBe(false)
})
