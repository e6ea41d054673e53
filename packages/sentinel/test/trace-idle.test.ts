import { describe, expect, it } from 'vitest'
import { isEvent, type SentinelEvent } from '../src/index.js'
import {
  checkpointNamed,
  code,
  launch,
  ofPid,
  PYTHON,
  useSentinelHarness,
  waitEvent,
} from './helpers/sentinel-harness.js'

useSentinelHarness()

const bye = (e: SentinelEvent): e is Extract<SentinelEvent, { ev: 'bye' }> => e.ev === 'bye'

describe('exact capture has nothing to sample (issue 25)', () => {
  it('sets no timer while the traced tree idles; sampled capture ticks every interval', async () => {
    // The fixture's sleep is what is measured (a run that lasts 60 intervals), not a synchronisation.
    const argv = ['/bin/sh', '-c', 'sleep 0.3']
    const exact = launch(argv)
    const sampled = launch(argv, { trace: false })
    expect(await exact.sentinel.hello).toMatchObject({ capture: 'exact' })
    expect(await sampled.sentinel.hello).toMatchObject({ capture: 'sampled' })
    for (const { sentinel } of [exact, sampled]) {
      await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
      sentinel.send({ cmd: 'quit' })
    }
    const [exactBye, sampledBye] = await Promise.all(
      [exact, sampled].map(({ sentinel }) => waitEvent(sentinel, bye, 'bye')),
    )
    expect(exactBye!.samples).toBe(0)
    expect(sampledBye!.samples).toBeGreaterThan(10)
  })

  it('still finds a process no one traces (CLONE_UNTRACED) at the next walk, and its exit', async () => {
    const { sentinel } = launch([PYTHON, 'untraced.py'])
    expect(await sentinel.hello).toMatchObject({ capture: 'exact' })
    const cloned = await waitEvent(sentinel, checkpointNamed('cloned'), 'checkpoint "cloned"')
    const child = cloned.tree.find((p) => p.ppid === cloned.pid)
    expect(child, 'the untraced child in the checkpoint tree').toBeDefined()
    await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    const events = ofPid(sentinel.events, child!.pid)
    expect(events.map((e) => e.ev)).toEqual(['spawn', 'exit', 'reap'])
    // Found by the walk, not reported by the kernel: its birth is sampled; its exit comes from its pidfd.
    expect(events[0]).toMatchObject({ ev: 'spawn', ppid: cloned.pid, exact: false })
    expect(events[1]).toMatchObject({ ev: 'exit', status: code(5) })
  })

  it('sees a rename (prctl PR_SET_NAME) that no walk saw at the exit stop, before the exit', async () => {
    const { sentinel } = launch([PYTHON, 'rename-exit.py'])
    expect(await sentinel.hello).toMatchObject({ capture: 'exact' })
    await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    const child = sentinel.events.filter(isEvent('spawn')).find((e) => !e.root)
    expect(child, "the fixture's child").toBeDefined()
    const events = ofPid(sentinel.events, child!.pid)
    expect(events.map((e) => e.ev)).toEqual(['spawn', 'exec', 'exit', 'reap'])
    // Inexact: it happened before the exit, when is not known.
    expect(events[1]).toMatchObject({ fromComm: 'python3', comm: 'renamed-child', renamed: true, exact: false })
    expect(events[2]).toMatchObject({ status: code(3) })
  })
})
