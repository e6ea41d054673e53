import { describe, expect, it } from 'vitest'
import { replayEvents, type SentinelEvent } from '../src/index.js'

// The textbook double fork under exact capture (packages/runner/test/fixtures/double-fork-daemon.py),
// written the way the sentinel reports it, in both orders the kernel allows: the daemon (root.1.1)
// exits after its parent root.1 (adopted running: an orphan) or before it (handed to the reaper a
// zombie). Each exit may first reach the sentinel through its pidfd, from a /proc stat that withholds
// the status (another user's process, or a stat read that failed): that `exit` carries no status,
// and the tracer's wait, which always has it, puts it on the `reap`. No exit status may be lost.

const ok = { code: 0, signal: null, core: false }

/** A stream as the sentinel writes it, 10 ms an event: its hello, then what `add` and `spawn` add. */
function stream(sentinel: number, script: string) {
  const list: SentinelEvent[] = []
  let t = 0
  const add = (e: Record<string, unknown>): void => {
    list.push({ t: (t += 10), ...e } as unknown as SentinelEvent)
  }
  const spawn = (pid: number, start: number, ppid: number, root = false): void =>
    add({
      ev: 'spawn',
      pid,
      start,
      ppid,
      pgid: 100,
      sid: 100,
      comm: 'python3',
      argv: ['python3', script],
      state: 'R',
      root,
      late: false,
      exact: true,
    })
  add({
    ev: 'hello',
    protocol: 2,
    pid: sentinel,
    start: 1,
    subreaper: true,
    subreaperError: null,
    pidfd: true,
    capture: 'exact',
    captureReason: null,
    clkTck: 100,
    bootMs: 20,
    interval: 5,
    fullEvery: 10,
    socket: null,
    terminal: false,
  })
  return { list, add, spawn, now: (): number => t }
}

function doubleFork(order: 'daemon-last' | 'daemon-first', status: typeof ok | null): SentinelEvent[] {
  const { list, add, spawn, now } = stream(100, 'double-fork-daemon.py')
  spawn(101, 2, 100, true)
  spawn(102, 3, 101)
  add({ ev: 'group', pid: 102, start: 3, pgid: 102, sid: 102, exact: true })
  spawn(103, 4, 102)
  if (order === 'daemon-last') {
    add({ ev: 'exit', pid: 102, start: 3, status, exact: true, ppid: 101 })
    add({ ev: 'reparent', pid: 103, start: 4, from: 102, to: 100, exact: true, alive: true })
    add({ ev: 'exit', pid: 103, start: 4, status, exact: true, ppid: 100 })
    add({ ev: 'reap', pid: 103, start: 4, by: 'sentinel', ppid: 100, status: ok, exact: true, lastSeen: now() })
  } else {
    add({ ev: 'exit', pid: 103, start: 4, status, exact: true, ppid: 102 })
    add({ ev: 'exit', pid: 102, start: 3, status, exact: true, ppid: 101 })
    add({ ev: 'reparent', pid: 103, start: 4, from: 102, to: 100, exact: true, alive: false })
    add({ ev: 'reap', pid: 103, start: 4, by: 'sentinel', ppid: 100, status: ok, exact: true, lastSeen: now() })
  }
  add({ ev: 'reap', pid: 102, start: 3, by: 'parent', ppid: 101, status: ok, exact: true, lastSeen: now() })
  add({ ev: 'exit', pid: 101, start: 2, status: ok, exact: true, ppid: 100 })
  add({ ev: 'reap', pid: 101, start: 2, by: 'sentinel', ppid: 100, status: ok, exact: true, lastSeen: now() })
  add({ ev: 'root-exit', pid: 101, start: 2, status: ok })
  return list
}

describe("the double fork's exit statuses, replayed", () => {
  for (const order of ['daemon-last', 'daemon-first'] as const) {
    for (const status of [ok, null]) {
      it(`keeps every exit status (${order}, exit events ${status ? 'with' : 'without'} a status)`, () => {
        const report = replayEvents(doubleFork(order, status))
        expect(report.processes.map((p) => [p.id, p.parents[0]?.id, p.adopted, p.exit])).toEqual([
          ['root', 'reaper', false, ok],
          ['root.1', 'root', false, ok],
          ['root.1.1', 'root.1', true, ok],
        ])
        expect(report.verdict.undetermined).toEqual([])
        expect(order === 'daemon-last' ? report.verdict.orphans : report.verdict.zombies).toEqual(['root.1.1'])
      })
    }
  }
})

// The 300-child storm (packages/runner/test/fixtures/storm.py: child i exits with i % 7) on a
// machine whose pids wrap round in the middle of it, as in a soak run: the fork after pid 32767 got
// pid 300, in the same clock tick of start time. Siblings are labelled in fork order (the order of
// their parent's fork events), so root.N is still the N-th child and has the N-th child's status.
describe('a storm whose pids wrap round within one clock tick, replayed', () => {
  it('labels the children in fork order, each with its own exit status', () => {
    const pids = [32765, 32766, 32767, 300, 301, 302]
    const { list, add, spawn, now } = stream(32700, 'storm.py')
    spawn(32701, 2, 32700, true)
    for (const pid of pids) spawn(pid, 5, 32701)
    pids.forEach((pid, i) => {
      const status = { code: i % 7, signal: null, core: false }
      add({ ev: 'exit', pid, start: 5, status, exact: true, ppid: 32701 })
      add({ ev: 'reap', pid, start: 5, by: 'parent', ppid: 32701, status, exact: true, lastSeen: now() })
    })
    add({ ev: 'exit', pid: 32701, start: 2, status: ok, exact: true, ppid: 32700 })
    add({ ev: 'reap', pid: 32701, start: 2, by: 'sentinel', ppid: 32700, status: ok, exact: true, lastSeen: now() })
    add({ ev: 'root-exit', pid: 32701, start: 2, status: ok })

    const report = replayEvents(list)
    expect(report.processes.filter((p) => p.id !== 'root').map((p) => [p.id, p.pid, p.exit?.code])).toEqual(
      pids.map((pid, i) => [`root.${i + 1}`, pid, i % 7]),
    )
  })
})
