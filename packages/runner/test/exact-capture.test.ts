import { describe, expect, it } from 'vitest'
import { runFixture, SentinelLostError, startFixture, type CaptureMode } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

// The 50-run soak under load is in exact-capture-soak.long.test.ts (`npm run test:long`).
describe('exact capture', () => {
  it('says which capture a run had, and why it sampled', async () => {
    const report = await runFixture(fixture('double-fork-daemon.py'), { capture: 'sampled' })
    expect(report.capture).toEqual({
      mode: 'sampled',
      reason: 'capture "sampled" was asked for (option capture, or PROCLIFE_CAPTURE=sampled)',
    })
    expect(report.events.filter((e) => e.kind === 'spawn' && e.id !== 'root').every((e) => !e.exact)).toBe(true)
  })

  it.each<CaptureMode>(['exact', 'sampled'])(
    "reports the sentinel's death as such, and nothing of the run survives it (%s)",
    async (capture) => {
      const run = await startFixture(fixture('sleepers.sh'), { capture })
      const view = await run.waitFor(
        (v) => v.processes.filter((p) => p.comm === 'sleep' && p.exitedAt === null).length === 3,
        {
          description: 'three sleeping children',
        },
      )
      const sentinelPid = view.processes.find((p) => p.id === 'root')!.parents[0]!.pid
      process.kill(sentinelPid, 'SIGKILL')
      const error = await run.done.then(
        () => null,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(SentinelLostError)
      expect((error as Error).message).toBe("the sentinel was killed by SIGKILL; the run's 4 processes were killed.")
      expect(processesOfRun(run.runId)).toEqual([])
    },
  )
})
