import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SentinelLostError, startFixture } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

// A run's checkpoint socket sits in `runDir` (default: the temporary folder) without a folder of
// its own: owner-only while the run lives, and gone when it ends, however it ends.
describe("a run's checkpoint socket", () => {
  const scratch = mkdtempSync(join(tmpdir(), 'proclife-socket-test-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))
  const folder = (name: string): string => mkdtempSync(join(scratch, `${name}-`))

  it.each(['native', 'node'] as const)(
    'is in runDir, owner-only, while a fixture holds at a checkpoint, and gone when the run ends (%s sentinel)',
    async (kind) => {
      const runDir = folder(kind)
      const saved = process.env['PROCLIFE_SENTINEL']
      if (kind === 'node') process.env['PROCLIFE_SENTINEL'] = 'node'
      let run
      try {
        run = await startFixture(fixture('orphan-at-checkpoint.py'), { runDir, holdCheckpoints: ['held'] })
      } finally {
        if (saved === undefined) delete process.env['PROCLIFE_SENTINEL']
        else process.env['PROCLIFE_SENTINEL'] = saved
      }
      await run.waitForCheckpoint('held')
      const name = `proclife-${run.runId}.checkpoint.sock`
      expect(readdirSync(runDir)).toEqual([name])
      const stats = statSync(join(runDir, name))
      expect(stats.isSocket()).toBe(true)
      expect(stats.mode & 0o077).toBe(0) // nobody but its owner may connect
      run.release('held')
      const report = await run.done
      expect(report.checkpoints.map((c) => c.name)).toEqual(['held'])
      expect(readdirSync(runDir)).toEqual([])
    },
  )

  it('is removed by the runner when the sentinel is killed and cannot remove it', async () => {
    const runDir = folder('killed')
    const run = await startFixture(fixture('sleepers.sh'), { runDir })
    const view = await run.waitFor(
      (v) => v.processes.filter((p) => p.comm === 'sleep' && p.exitedAt === null).length === 3,
      {
        description: 'three sleeping children',
      },
    )
    expect(readdirSync(runDir)).toEqual([`proclife-${run.runId}.checkpoint.sock`])
    process.kill(view.processes.find((p) => p.id === 'root')!.parents[0]!.pid, 'SIGKILL')
    await expect(run.done).rejects.toBeInstanceOf(SentinelLostError)
    expect(readdirSync(runDir)).toEqual([])
    expect(processesOfRun(run.runId)).toEqual([])
  })
})
