import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeVerdict, drawProcesses, parseSentinelEvent, replayEvents, type SentinelEvent } from '../src/index.js'

// The report core, tested by replaying sentinel event streams: recorded from real runs
// (scripts/record-stream.ts) or written edge by edge. Nothing here launches a process.

const stream = (name: string): SentinelEvent[] =>
  readFileSync(new URL(`./streams/${name}.jsonl`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map(parseSentinelEvent)

const none = { zombies: [], orphans: [], strays: [], escaped: [], undetermined: [] }

/** A small stream writer for the edges no real run produces on demand. */
function events(): { list: SentinelEvent[]; t: number; add(e: Record<string, unknown>): void } {
  const list: SentinelEvent[] = []
  const w = {
    list,
    t: 0,
    add(e: Record<string, unknown>) {
      list.push({ t: (w.t += 100), ...e } as unknown as SentinelEvent)
    },
  }
  w.add({
    ev: 'hello',
    protocol: 1,
    pid: 100,
    start: 1,
    subreaper: true,
    subreaperError: null,
    pidfd: true,
    clkTck: 100,
    bootMs: 20,
    interval: 5,
    fullEvery: 10,
    socket: null,
  })
  w.add({
    ev: 'spawn',
    pid: 101,
    start: 2,
    ppid: 100,
    comm: 'parent',
    argv: ['parent'],
    state: 'R',
    root: true,
    late: false,
  })
  return w
}
const ok = (code = 0) => ({ code, signal: null, core: false })

describe('zombies: never reaped by their own parent, decided by order', () => {
  it('a zombie its parent reaps, however late, is not one (the hold is still recorded)', () => {
    const report = replayEvents(stream('zombie-reaped-late'))
    expect(report.verdict).toEqual(none)
    const [hold] = report.process('root.1').zombie
    expect(hold!.to! - hold!.from).toBeGreaterThan(250)
  })

  it('a child that exits before its parent, which dies without reaping it, is a zombie handed to the reaper, not an orphan', () => {
    const report = replayEvents(stream('never-reaped'))
    expect(report.verdict).toEqual({ ...none, zombies: ['root.1'] })
    expect(report.process('root.1')).toMatchObject({ adopted: true, orphaned: false, reapedBy: 'reaper' })
    expect(drawProcesses(report.processes, report, { final: true, pids: false })).toMatchInlineSnapshot(`
      "root python3  never-reaped.py  ← exit code 0
      └─ root.1 python3  never-reap…  ← zombie, handed to the sentinel unreaped, exit code 3, reaped by the sentinel"
    `)
  })

  it('a fork storm whose parent reaps every child late, in order, has no zombies at any delay', () => {
    for (const delay of [0, 50, 500, 5000]) {
      const w = events()
      for (let i = 0; i < 300; i++)
        w.add({
          ev: 'spawn',
          pid: 200 + i,
          start: 3 + i,
          ppid: 101,
          comm: 'child',
          argv: ['child'],
          state: 'R',
          root: false,
          late: false,
        })
      for (let i = 0; i < 300; i++)
        w.add({ ev: 'exit', pid: 200 + i, start: 3 + i, status: ok(), exact: true, ppid: 101 })
      w.t += delay
      for (let i = 0; i < 300; i++)
        w.add({
          ev: 'reap',
          pid: 200 + i,
          start: 3 + i,
          by: 'parent',
          ppid: 101,
          status: ok(),
          exact: i % 2 === 0,
          lastSeen: w.t - 1,
        })
      w.add({ ev: 'exit', pid: 101, start: 2, status: ok(), exact: true, ppid: 100 })
      w.add({ ev: 'reap', pid: 101, start: 2, by: 'sentinel', ppid: 100, status: ok(), exact: true, lastSeen: w.t })
      w.add({ ev: 'root-exit', pid: 101, start: 2, status: ok() })
      expect(replayEvents(w.list).verdict).toEqual(none)
    }
  })

  it('a zombie still held when the clean-up killed its parent was never reaped by it', () => {
    const w = events()
    w.add({
      ev: 'spawn',
      pid: 102,
      start: 3,
      ppid: 101,
      comm: 'child',
      argv: ['child'],
      state: 'R',
      root: false,
      late: false,
    })
    w.add({ ev: 'exit', pid: 102, start: 3, status: ok(1), exact: true, ppid: 101 })
    w.add({ ev: 'signal', pid: 101, start: 2, signal: 'SIGTERM', reason: 'cleanup' })
    w.add({
      ev: 'exit',
      pid: 101,
      start: 2,
      status: { code: null, signal: 'SIGTERM', core: false },
      exact: true,
      ppid: 100,
    })
    w.add({ ev: 'reparent', pid: 102, start: 3, from: 101, to: 100, exact: true, alive: false })
    w.add({
      ev: 'reap',
      pid: 101,
      start: 2,
      by: 'sentinel',
      ppid: 100,
      status: { code: null, signal: 'SIGTERM', core: false },
      exact: true,
      lastSeen: w.t,
    })
    w.add({ ev: 'reap', pid: 102, start: 3, by: 'sentinel', ppid: 100, status: ok(1), exact: true, lastSeen: w.t })
    const report = replayEvents(w.list)
    expect(report.verdict).toEqual({ ...none, zombies: ['root.1'], strays: ['root'] })
    expect(report.process('root.1')).toMatchObject({ adopted: false, reapedBy: 'cleanup' })
    expect(report.process('root')).toMatchObject({ killedBy: 'SIGTERM', cleanupSignals: ['SIGTERM'] })
  })

  it('a pid reused within the run names two processes, each judged on its own', () => {
    const w = events()
    w.add({
      ev: 'spawn',
      pid: 102,
      start: 3,
      ppid: 101,
      comm: 'first',
      argv: ['first'],
      state: 'R',
      root: false,
      late: false,
    })
    w.add({ ev: 'exit', pid: 102, start: 3, status: ok(), exact: true, ppid: 101 })
    w.add({ ev: 'reap', pid: 102, start: 3, by: 'parent', ppid: 101, status: ok(), exact: true, lastSeen: w.t })
    w.add({
      ev: 'spawn',
      pid: 102,
      start: 9,
      ppid: 101,
      comm: 'second',
      argv: ['second'],
      state: 'R',
      root: false,
      late: false,
    })
    w.add({ ev: 'exit', pid: 102, start: 9, status: ok(2), exact: true, ppid: 101 })
    w.add({ ev: 'exit', pid: 101, start: 2, status: ok(), exact: true, ppid: 100 })
    w.add({ ev: 'reparent', pid: 102, start: 9, from: 101, to: 100, exact: true, alive: false })
    w.add({ ev: 'reap', pid: 102, start: 9, by: 'sentinel', ppid: 100, status: ok(2), exact: true, lastSeen: w.t })
    const report = replayEvents(w.list)
    expect(report.processes.map((p) => [p.id, p.comm, p.reapedBy])).toEqual([
      ['root', 'parent', null],
      ['root.1', 'first', 'parent'],
      ['root.2', 'second', 'reaper'],
    ])
    expect(report.verdict).toEqual({ ...none, zombies: ['root.2'] })
  })
})

describe('orphans: still running when their parent died', () => {
  it("the double fork's grandchild, read running with its new parent, is an orphan", () => {
    const report = replayEvents(stream('double-fork'))
    expect(report.verdict).toEqual({ ...none, orphans: ['root.1.1'] })
    expect(report.process('root.1.1')).toMatchObject({ adopted: true, orphaned: true, reapedBy: 'reaper' })
  })

  it('an exit handled only after the parent died, with the reaper already its parent, is undetermined — never guessed', () => {
    const report = replayEvents(stream('undetermined-exit-seen-late'))
    expect(report.verdict).toEqual({ ...none, undetermined: ['root.1'] })
    expect(describeVerdict(report.verdict)).toBe(
      'no zombies, no orphans, no strays, 1 zombie-or-orphan not determined (root.1)',
    )
  })

  it('a reparent read from a zombie whose exit was not yet seen is undetermined', () => {
    const report = replayEvents(stream('undetermined-reparent-zombie'))
    expect(report.verdict).toEqual({ ...none, undetermined: ['root.1'] })
    expect(report.process('root.1').orphaned).toBe(false)
  })
})

describe('killedBy: only what the wait status confirms', () => {
  it("a stray that ignores SIGTERM is killed by the clean-up's SIGKILL", () => {
    const report = replayEvents(stream('ignore-term'))
    expect(report.process('root.1')).toMatchObject({
      leftover: true,
      killedBy: 'SIGKILL',
      cleanupSignals: ['SIGTERM', 'SIGKILL'],
    })
  })

  it('a stray that handles SIGTERM by exiting 0 has its exit code and no killedBy', () => {
    const report = replayEvents(stream('term-exits-0'))
    const p = report.process('root.1')
    expect(p).toMatchObject({ leftover: true, killedBy: null, cleanupSignals: ['SIGTERM'], exit: ok(0) })
    expect(drawProcesses(report.processes, report, { final: true, pids: false })).toContain(
      "stray, exited by itself after cleanup's SIGTERM, exit code 0",
    )
  })
})

it('replays the same stream to the same report, byte for byte', () => {
  for (const name of ['double-fork', 'never-reaped', 'ignore-term']) {
    expect(JSON.stringify(replayEvents(stream(name)))).toBe(JSON.stringify(replayEvents(stream(name))))
  }
})
