import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, expect, it } from 'vitest'
import { exists } from './helpers/processes.js'
import { vitestBin } from './helpers/child-vitest.js'

// guard.e2e.test.ts's project (e2e-fixtures/guard) once more, under the threads pool, where the
// guard cannot see a test's processes apart: a whole run of vitest for one message, so in
// `npm run test:long`.
const project = fileURLToPath(new URL('./e2e-fixtures/guard/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-e2e-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

it('stays off under the threads pool, and says why', async () => {
  const leakedPids = join(scratch, 'leaked-pids-threads')
  const ignoredPids = join(scratch, 'ignored-pids-threads')
  const result = await execa(process.execPath, [vitestBin, 'run', '--pool=threads'], {
    cwd: project,
    reject: false,
    all: true,
    env: { NO_COLOR: '1', CI: '1', LEAKED_PIDS: leakedPids, IGNORED_PIDS: ignoredPids },
  })
  try {
    expect(result.all).toContain('[proclife] The leak guard is off under the "threads" pool')
    expect(result.exitCode).toBe(0)
  } finally {
    // Nothing was killed for us here: end what the leaking tests left, by pid.
    const pids = [leakedPids, ignoredPids].flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').map(Number))
    for (const pid of pids) if (exists(pid)) process.kill(pid, 'SIGKILL')
    await expect.poll(() => pids.filter(exists), { timeout: 10_000 }).toEqual([])
  }
})
