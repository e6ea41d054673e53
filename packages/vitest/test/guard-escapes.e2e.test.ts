import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readProcessSync, signalProcess, waitUntilEnded } from '@proclife/proctable'
import { execa } from 'execa'
import { afterAll, expect, it } from 'vitest'
import { exists } from './helpers/processes.js'
import { vitestBin } from './helpers/child-vitest.js'

const project = fileURLToPath(new URL('./e2e-fixtures/escapes/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-escapes-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const pidsIn = (file: string): number[] => readFileSync(file, 'utf8').trim().split('\n').map(Number)

it('fails each test whose process left the tree, names the line that spawned it, and kills it', async () => {
  const leakedPids = join(scratch, 'leaked')
  const unseenPids = join(scratch, 'unseen')
  const jsonReport = join(scratch, 'report.json')
  const result = await execa(
    process.execPath,
    [
      vitestBin,
      'run',
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
        UNSEEN_PIDS: unseenPids,
      },
    },
  )
  // The one process the guard cannot find (documented): end it ourselves, by identity.
  const [unseen] = pidsIn(unseenPids)
  const identity = readProcessSync(unseen!)
  try {
    expect(identity?.comm).toBe('sleep')
  } finally {
    if (identity) signalProcess(identity, 'SIGKILL')
  }
  expect(result.exitCode).toBe(1)

  const tests = (
    JSON.parse(readFileSync(jsonReport, 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[]
    }
  ).testResults.flatMap((file) => file.assertionResults)
  expect(tests.map((t) => [t.title, t.status])).toEqual([
    ['leaks a shell background job', 'failed'],
    ['runs clean after the leak', 'passed'],
    ['leaks a double-forked process', 'failed'],
    ['leaks a setsid helper', 'failed'],
    ['leaks a python daemon', 'failed'],
    ['cannot see a process that cleared its environment and left the tree', 'passed'],
  ])
  const message = (title: string): string =>
    tests.find((t) => t.title === title)!.failureMessages[0]!.split('\n\nTimeline')[0]!

  // The escaped job is drawn under the shell that started it, which ended; the line is the test's.
  expect(message('leaks a shell background job')).toMatchInlineSnapshot(`
    "LeakError: The test "leaks a shell background job" left 1 process running (root.1.1) behind, still there 1000 ms after the test ended.
    root.1.1 was started by \`sh -c sleep 30 >/dev/null 2>&1 & echo $!\`, spawned at escapes.spec.ts:16:10.

    Processes this test started (root is the test process):
    root (the test process)  ← still running
    └─ root.1 sh -c  ← exited (status unknown), a synchronous child: execFileSync does not tell its pid
       └─ root.1.1 sleep  ← orphan, adopted by init, stray, killed by the leak guard (SIGKILL)"
  `)
  expect(message('leaks a double-forked process')).toContain(
    '└─ root.1.1 sleep  ← orphan, adopted by init, stray, killed by the leak guard (SIGKILL)',
  )
  expect(message('leaks a setsid helper')).toContain('spawned at escapes.spec.ts:29:17.')
  expect(message('leaks a setsid helper')).toContain('└─ root.1 sleep  ← stray, killed by the leak guard (SIGKILL)')
  expect(message('leaks a python daemon')).toMatch(
    /root\.1\.1 was started by `python3 -c import os[^`]*`, spawned at escapes\.spec\.ts:46:3\./,
  )
  expect(message('leaks a python daemon')).toContain(
    'root.1.1 python3 -c  ← orphan, adopted by init, stray, killed by the leak guard (SIGKILL)',
  )

  // Everything the failing tests left was killed; the machine's reaper takes the zombies.
  const leaked = pidsIn(leakedPids)
  expect(leaked).toHaveLength(4)
  await expect.poll(() => leaked.filter(exists), { timeout: 10_000 }).toEqual([])
  await waitUntilEnded(identity ? [identity] : [], 5000)
})
