// The leak guard is on in this file, as a user has it (`setupFiles: ['@proclife/vitest',
// '@proclife/vitest/guard']`): its watcher is started by the first spawn, the pool's, and must
// never appear in a report.
import '../src/guard.js'
import { observeDescendants, runFixture, startFixture } from '@proclife/runner'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { observe, watchProcesses } from '../src/matchers.js'
import { watcherPid } from '../src/guard/worker-watcher.js'
import { startPool as startFixturePool, type Pool } from './fixtures/pool/pool.js'
import { asyncFailureOf } from './helpers/failure.js'
import { exists } from './helpers/processes.js'

// Every example of the README, docs/matchers.md, docs/adding-to-a-vitest-suite.md and the JSDoc of
// observe, watchProcesses and observeDescendants that judges a pool created before the
// observation, as written, against a correct pool (it must pass) and against one whose
// terminate() resolves before its workers have exited (it must fail).
let pool: Pool

const examples: Record<string, () => Promise<void>> = {
  'README and docs/matchers.md: observe(() => pool.terminate())': async () => {
    const report = await observe(() => pool.terminate())
    await expect(report).toLeaveNoStrayProcesses()
    await expect(report).toLeaveNoZombies()
    await expect(report).toLeaveNoOrphans()
  },
  'README and docs/adding-to-a-vitest-suite.md: the handle form': async () => {
    const watch = watchProcesses()
    await pool.run(1)
    await pool.terminate()
    const report = await watch.stop()
    await expect(report).toLeaveNoStrayProcesses()
  },
  'docs/adding-to-a-vitest-suite.md: the callback form on a pool from beforeEach': async () => {
    await expect(() => pool.terminate()).toLeaveNoStrayProcesses()
  },
  'JSDoc of observe': async () => {
    const report = await observe(() => pool.terminate())
    await expect(report).toLeaveNoStrayProcesses()
    await expect(report).toLeaveNoZombies()
  },
  'JSDoc of watchProcesses': async () => {
    const watch = watchProcesses()
    await pool.terminate()
    const report = await watch.stop()
    await expect(report).toLeaveNoStrayProcesses()
  },
  'JSDoc of observeDescendants': async () => {
    const observation = observeDescendants({ settle: 0 })
    await pool.terminate()
    const report = await observation.stop()
    expect(report.verdict.strays).toEqual([])
  },
}

describe.each([
  { kind: 'a correct pool', broken: false },
  { kind: 'a pool whose terminate() resolves before its workers exit', broken: true },
])('$kind created in beforeEach, the guard on', ({ broken }) => {
  const startPool = (size: number): Promise<Pool> => startFixturePool(size, { broken })
  beforeEach(async () => {
    pool = await startPool(2)
  })
  // What the examples that kill nothing (observeDescendants) left: ended here, as a user's own
  // afterEach would, before the guard looks.
  afterEach(async () => {
    await Promise.all(
      pool.workers.map(async (w) => {
        if (w.exitCode === null && w.signalCode === null) {
          const ended = new Promise((resolve) => w.once('exit', resolve))
          w.kill('SIGKILL')
          await ended
        }
      }),
    )
  })

  for (const [name, example] of Object.entries(examples)) {
    it(`${name} ${broken ? 'fails' : 'passes'}`, async () => {
      if (broken) await expect(example()).rejects.toThrow(/still running|'root\.1', 'root\.2'/)
      else await example()
    })
  }
})

describe('observe() on a pool created before it', () => {
  afterEach(async () => {
    await Promise.all(
      pool.workers.map(async (w) => {
        if (w.exitCode === null && w.signalCode === null) {
          const ended = new Promise((resolve) => w.once('exit', resolve))
          w.kill('SIGKILL')
          await ended
        }
      }),
    )
  })

  it("holds its workers, marked as started before the observation, and never the guard's watcher", async () => {
    pool = await startFixturePool(2, { broken: true })
    // The watcher was started by the pool's first spawn: it is running now.
    await expect.poll(() => watcherPid(), { timeout: 10_000 }).toBeDefined()
    expect(exists(watcherPid()!)).toBe(true)
    const report = await observe(() => pool.terminate())
    expect(report.processes.map((p) => p.pid)).toEqual([process.pid, ...pool.workers.map((w) => w.pid)])
    expect(report.processes.filter((p) => p.existedBefore).map((p) => p.id)).toEqual(['root.1', 'root.2'])
    await expect(report).toHaveSpawned(0) // they existed before: the callback spawned nothing
    const failure = await asyncFailureOf(async () => expect(report).toLeaveNoStrayProcesses())
    expect(failure.message).toMatchInlineSnapshot(`
      "expect(received).toLeaveNoStrayProcesses()

      Expected every process to have ended when the callback returned, but 2 processes (root.1, root.2) were still running.

      Expected: no stray processes
      Received: 2 stray processes (root.1, root.2)

      Processes:
      root (the test process)  ← still running
      ├─ root.1 worker.mjs  ← started before the observation, stray, still running
      └─ root.2 worker.mjs  ← started before the observation, stray, still running"
    `)
    // What it left running was killed by observe(), by identity.
    await expect
      .poll(() => pool.workers.filter((w) => w.exitCode === null && w.signalCode === null).length, { timeout: 10_000 })
      .toBe(0)
  })

  it('with settle, gives the workers that long and says so', async () => {
    pool = await startFixturePool(2, { broken: true })
    // The broken pool's workers exit about 100 ms after terminate(): within 5 s, they are no strays.
    const lenient = await observe(() => pool.terminate(), { settle: 5000 })
    await expect(lenient).toLeaveNoStrayProcesses()
    pool = await startFixturePool(1)
    // Never asked to stop: still running 300 ms after the callback returned.
    const failure = await asyncFailureOf(async () =>
      expect(await observe(() => pool.run(1), { settle: 300 })).toLeaveNoStrayProcesses(),
    )
    expect(failure.message.split('\n')[2]).toBe(
      'Expected every process to have ended 300 ms after the callback returned, but 1 process (root.1) was still running.',
    )
  })

  it('leaves out what it is told to ignore, or everything that existed before', async () => {
    pool = await startFixturePool(2, { broken: true })
    const pids = pool.workers.map((w) => w.pid!)
    await expect(await observe(() => pool.terminate(), { ignore: pids })).toLeaveNoStrayProcesses()
    pool = await startFixturePool(2, { broken: true })
    const report = await observe(() => pool.terminate(), { ignoreExisting: true })
    expect(report.processes.map((p) => p.id)).toEqual(['root'])
  })

  it("never holds proclife's own processes: the guard's watcher, a run's sentinel and its fixture", async () => {
    pool = await startFixturePool(1) // the file's first spawns start the watcher (if no test did yet)
    await pool.terminate()
    await expect.poll(() => watcherPid(), { timeout: 10_000 }).toBeDefined()
    const watcher = watcherPid()!
    const run = await startFixture(['sleep', '30'], { timeout: 60_000 })
    try {
      await run.waitFor((view) => view.processes.some((p) => p.comm === 'sleep' && p.exitedAt === null), {
        timeout: 30_000,
      })
      const fromObserve = await observe(() => undefined)
      const fromHandle = await watchProcesses().stop()
      const fromDescendants = await observeDescendants({ settle: 0 }).stop()
      for (const report of [fromObserve, fromHandle, fromDescendants])
        expect(report.processes.map((p) => p.pid)).toEqual([process.pid])
      await expect(() => undefined).toLeaveNoStrayProcesses()
      // A fixture run's report (here without a subreaper, where the run also searches the whole
      // table for what carries its token) holds the fixture's processes only.
      const fixture = await runFixture(['sh', '-c', 'exit 0'], { isolation: 'none' })
      expect(fixture.processes.map((p) => p.comm)).toEqual(['sh'])
      expect(exists(watcher)).toBe(true)
    } finally {
      await run.stop()
    }
  })
})
