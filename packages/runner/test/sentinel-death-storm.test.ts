import { expect, it } from 'vitest'
import { SentinelLostError, startFixture } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

// Sampled capture has no PTRACE_O_EXITKILL: when its sentinel dies, the tree's orphans go to init
// and a storm goes on forking. The runner hunts them down by the run's token until none is left.
it("a fork storm under sampled capture whose sentinel is SIGKILLed: the run ends with the sentinel's death, and nothing of it is left", async () => {
  const run = await startFixture(['python3', fixture('endless-storm.py')], { capture: 'sampled', timeout: 120_000 })
  const view = await run.waitFor((v) => v.alive.length >= 100, {
    timeout: 60_000,
    description: '100 processes of the storm alive',
  })
  const sentinelPid = view.processes.find((p) => p.id === 'root')!.parents[0]!.pid
  process.kill(sentinelPid, 'SIGKILL')
  const error = await run.done.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SentinelLostError)
  expect((error as Error).message).toMatch(
    /^the sentinel was killed by SIGKILL; the run's \d+ processes were killed\.$/,
  )
  // Right when the run ends: not one process carrying its token, not even one forked during the sweep.
  expect(processesOfRun(run.runId)).toEqual([])
}, 180_000)
