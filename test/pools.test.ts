// Worker pools under each start method: clean shutdown, terminate, and the owner SIGKILLed while
// its workers are busy.
import { describe, test } from 'vitest'
import { runFixture, startFixture } from '@proclife/runner'
import { byArgv, python } from './helpers.js'

const methods = ['fork', 'spawn', 'forkserver'] as const
const kinds = ['pool', 'executor'] as const

describe.concurrent('worker pools', () => {
  for (const kind of kinds) {
    for (const method of methods) {
      for (const ending of ['close', 'terminate'] as const) {
        test(`${kind} / ${method} / ${ending}: nothing left behind`, async ({ expect }) => {
          // A worker that has exited may wait a while for the pool to join it (Pool's worker
          // handler polls every 0.1 s): that is no zombie, its parent reaps it. The helpers outlive
          // the main process by a few ms; settle only bounds the wait for them, whatever the load.
          const report = await runFixture(python('pool.py', kind, method, ending), { settle: 10_000 })
          expect(report).toExitWith(0)
          expect(report.stdout).toContain('done')
          await expect(report).toLeaveNoZombies()
          await expect(report).toLeaveNoStrayProcesses()
          // The helpers of spawn and forkserver are not joined by the main process: 3.11 leaves the
          // resource tracker (and the forkserver) to notice that it has gone. They outlive it by
          // a few ms, as orphans, and the reaper reaps them.
          // (Direct children only: forkserver workers are forks of the forkserver, with its argv.)
          const helpers = [...byArgv(report, 'resource_tracker'), ...byArgv(report, 'forkserver import main')].filter(
            (p) => p.parents[0]?.id === 'root',
          )
          expect(helpers).toHaveLength(method === 'fork' ? 0 : method === 'spawn' ? 1 : 2)
          for (const helper of helpers) {
            expect(helper).toBeAdoptedByInit()
            expect(helper).toHaveExitedWith(0)
            expect(helper).toBeReapedBy('reaper')
          }
          expect([...report.verdict.orphans].sort()).toEqual(helpers.map((p) => p.id).sort())
          // Every worker ended with its pool and was reaped by its parent.
          const workers = report.processes.filter((p) => p.id !== 'root' && !helpers.includes(p))
          expect(workers.length).toBeGreaterThanOrEqual(2)
          // (After Pool.terminate() a worker may be SIGTERMed or may already have taken the exit
          // sentinel from the task queue: both happen here, so neither is asserted.)
          for (const worker of workers) expect(worker).toBeReapedBy('parent')
        })
      }

      test(`${kind} / ${method}: the owner SIGKILLed while both workers are busy leaves them as orphans and strays`, async ({
        expect,
      }) => {
        const run = await startFixture(python('pool.py', kind, method, 'busy'), {
          holdCheckpoints: ['busy-0', 'busy-1'],
          settle: 200,
        })
        const busy = [await run.waitForCheckpoint('busy-0'), await run.waitForCheckpoint('busy-1')]
        run.signal('root', 'SIGKILL')
        const report = await run.done
        expect(report).toBeKilledBy('SIGKILL')
        const workers = busy.map((c) => report.process(c.by!))
        expect(new Set(workers.map((w) => w.id)).size).toBe(2)
        for (const worker of workers) {
          // A fork/spawn worker's parent was the owner, so the worker is the orphan. A forkserver
          // worker's parent is the forkserver: it is the one orphaned by the owner's death, and the
          // clean-up ends it with its workers (which does not make them orphans).
          const orphan =
            method === 'forkserver' ? report.process(worker.id.slice(0, worker.id.lastIndexOf('.'))) : worker
          expect(orphan).toOutliveParent()
          expect(worker.leftover).toBe(true)
          expect(report.verdict.strays).toContain(worker.id)
          // A fork/spawn worker's parent was the owner; a forkserver worker's, the forkserver.
          if (method !== 'forkserver') expect(worker).toBeAdoptedByInit()
        }
        await expect(report).not.toLeaveNoStrayProcesses()
        await expect(report).not.toLeaveNoOrphans()
        expect(report.verdict.zombies).toEqual([])
        expect(report.verdict.escaped).toEqual([])
      })
    }
  }
})
