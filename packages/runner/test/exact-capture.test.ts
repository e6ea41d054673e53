import { availableParallelism } from 'node:os'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFixture, SentinelLostError, startFixture, type CaptureMode } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

// Every core busy while the runs go: exact capture must not depend on the sentinel being quick.
const burners: (Promise<unknown> & { kill: (signal: NodeJS.Signals) => boolean })[] = []
beforeAll(() => {
  for (let i = 0; i < availableParallelism(); i++) burners.push(execa(process.execPath, ['-e', 'for (;;) {}'], { reject: false }))
})
afterAll(async () => {
  for (const burner of burners) burner.kill('SIGKILL')
  await Promise.all(burners)
})

describe('exact capture', () => {
  it('gives the textbook double fork the same tree, labels and parents at birth on 50 runs under load', async () => {
    const shapes = new Set<string>()
    for (let i = 0; i < 50; i++) {
      const report = await runFixture(fixture('double-fork-daemon.py'), { capture: 'exact' })
      expect(report.capture).toEqual({ mode: 'exact', reason: null })
      shapes.add(JSON.stringify(report.processes.map((p) => [p.id, p.parents[0]?.id, p.parents[0]?.exact, p.adopted, p.exit?.code])))
    }
    expect([...shapes].map((s) => JSON.parse(s) as unknown)).toEqual([[
      ['root', 'reaper', true, false, 0],
      ['root.1', 'root', true, false, 0],
      ['root.1.1', 'root.1', true, true, 0],
    ]])
  }, 300_000)

  it('says which capture a run had, and why it sampled', async () => {
    const report = await runFixture(fixture('double-fork-daemon.py'), { capture: 'sampled' })
    expect(report.capture).toEqual({ mode: 'sampled', reason: 'capture "sampled" was asked for (option capture, or PROCLIFE_CAPTURE=sampled)' })
    expect(report.events.filter((e) => e.kind === 'spawn' && e.id !== 'root').every((e) => !e.exact)).toBe(true)
  })

  it.each<CaptureMode>(['exact', 'sampled'])('reports the sentinel\'s death as such, and nothing of the run survives it (%s)', async (capture) => {
    const run = await startFixture(fixture('sleepers.sh'), { capture })
    const view = await run.waitFor((v) => v.processes.filter((p) => p.comm === 'sleep' && p.exitedAt === null).length === 3, {
      description: 'three sleeping children',
    })
    const sentinelPid = view.processes.find((p) => p.id === 'root')!.parents[0]!.pid
    process.kill(sentinelPid, 'SIGKILL')
    const error = await run.done.then(() => null, (e: unknown) => e)
    expect(error).toBeInstanceOf(SentinelLostError)
    expect((error as Error).message).toBe("the sentinel was killed by SIGKILL; the run's 4 processes were killed.")
    expect(processesOfRun(run.runId)).toEqual([])
  })
})
