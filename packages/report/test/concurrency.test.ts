import { describe, expect, it } from 'vitest'
import { peakConcurrency, replayEvents, type SentinelEvent } from '../src/index.js'

// Concurrency, from streams written edge by edge: two children whose lives overlap for `overlap` ms
// (negative: the second is born that long after the first exits). Nothing here launches a process.

const ok = { code: 0, signal: null, core: false }

function twoChildren(capture: 'exact' | 'sampled', overlap: number): SentinelEvent[] {
  const list: Record<string, unknown>[] = []
  const exact = capture === 'exact'
  // Start ticks (10 ms) that agree with the event times.
  const tick = (t: number): number => Math.floor(t / 10)
  const add = (e: Record<string, unknown>): void => {
    list.push(e)
  }
  add({
    ev: 'hello',
    t: 0,
    protocol: 2,
    pid: 100,
    start: 0,
    subreaper: true,
    subreaperError: null,
    pidfd: true,
    capture,
    captureReason: exact ? null : 'turned off',
    clkTck: 100,
    bootMs: 0,
    interval: 5,
    fullEvery: 10,
    socket: null,
  })
  add({
    ev: 'spawn',
    t: 1,
    pid: 101,
    start: 0,
    ppid: 100,
    comm: 'pool',
    argv: ['pool'],
    state: 'R',
    root: true,
    late: false,
  })
  const bornA = 1000
  const exitA = 2000
  const bornB = exitA - overlap
  const exitB = bornB + 1000
  const spawn = (t: number, pid: number): void =>
    add({
      ev: 'spawn',
      t,
      pid,
      start: tick(t),
      ppid: 101,
      comm: 'worker',
      argv: ['worker'],
      state: 'R',
      root: false,
      late: false,
      exact,
    })
  const exit = (t: number, pid: number): void => {
    add({ ev: 'exit', t, pid, start: tick(pid === 200 ? bornA : bornB), status: ok, exact: true, ppid: 101 })
    add({
      ev: 'reap',
      t: t + 0.5,
      pid,
      start: tick(pid === 200 ? bornA : bornB),
      by: 'parent',
      ppid: 101,
      status: ok,
      exact: true,
      lastSeen: t,
    })
  }
  const steps: [number, () => void][] = [
    [bornA, () => spawn(bornA, 200)],
    [exitA, () => exit(exitA, 200)],
    [bornB, () => spawn(bornB, 201)],
    [exitB, () => exit(exitB, 201)],
  ]
  // In time order; at the same instant, the order written above (an exit before the next birth).
  for (const [, step] of steps.sort((a, b) => a[0] - b[0])) step()
  add({ ev: 'exit', t: exitB + 10, pid: 101, start: 0, status: ok, exact: true, ppid: 100 })
  add({
    ev: 'reap',
    t: exitB + 11,
    pid: 101,
    start: 0,
    by: 'sentinel',
    ppid: 100,
    status: ok,
    exact: true,
    lastSeen: exitB + 10,
  })
  add({ ev: 'root-exit', t: exitB + 12, pid: 101, start: 0, status: ok })
  return list as unknown as SentinelEvent[]
}

const peak = (capture: 'exact' | 'sampled', overlap: number): number =>
  peakConcurrency(replayEvents(twoChildren(capture, overlap), { options: { overlapMargin: 100 } })).count

describe('peakConcurrency under exact capture: the order of births and exits decides', () => {
  it('a worker born after the last one exited never overlaps it, however close the two', () => {
    expect(peak('exact', 0)).toBe(1)
    expect(peak('exact', -1)).toBe(1)
  })

  it('an overlap counts however short it was, with no margin', () => {
    expect(peak('exact', 1)).toBe(2)
    expect(peak('exact', 50)).toBe(2)
    expect(peak('exact', 500)).toBe(2)
  })

  it('names the processes alive at the peak', () => {
    expect(peakConcurrency(replayEvents(twoChildren('exact', 1))).ids).toEqual(['root.1', 'root.2'])
  })
})

describe('peakConcurrency under sampled capture: only an overlap longer than overlapMargin counts', () => {
  it('a short sampled overlap is not counted, a long one is', () => {
    expect(peak('sampled', 50)).toBe(1)
    expect(peak('sampled', 500)).toBe(2)
  })
})
