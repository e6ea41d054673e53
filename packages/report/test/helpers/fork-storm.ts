import type { SentinelEvent } from '../../src/index.js'

const ok = { code: 0, signal: null, core: false }
const code = (n: number) => ({ code: n, signal: null, core: false })

/**
 * The sentinel stream of a fork storm: a root that forks `children` identical children, each
 * exiting in turn, and reaps them all `reapDelay` ms after the last exit — except the ones in
 * `neverReaped`, still zombies when the root exits (handed to the sentinel). Child i exits with
 * i % `exitCodes` (default: all 0). Times step 1 ms.
 */
export function forkStorm(
  children: number,
  options: { reapDelay?: number; neverReaped?: readonly number[]; exitCodes?: number } = {},
): SentinelEvent[] {
  const list: Record<string, unknown>[] = []
  let t = 0
  const add = (e: Record<string, unknown>): void => {
    list.push({ t: (t += 1), ...e })
  }
  const never = new Set(options.neverReaped ?? [])
  const statusOf = (i: number) => code(i % (options.exitCodes ?? 1))
  // Start ticks (10 ms) that agree with the event times: child i is spawned at 2 + i ms.
  const startOf = (i: number): number => 2 + Math.floor((2 + i) / 10)
  add({
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
  add({
    ev: 'spawn',
    pid: 101,
    start: 2,
    ppid: 100,
    comm: 'storm',
    argv: ['/usr/bin/storm', '--children', String(children)],
    state: 'R',
    root: true,
    late: false,
  })
  for (let i = 0; i < children; i++)
    add({
      ev: 'spawn',
      pid: 200 + i,
      start: startOf(i),
      ppid: 101,
      comm: 'worker',
      argv: ['worker'],
      state: 'R',
      root: false,
      late: false,
    })
  for (let i = 0; i < children; i++)
    add({ ev: 'exit', pid: 200 + i, start: startOf(i), status: statusOf(i), exact: true, ppid: 101 })
  t += options.reapDelay ?? 0
  for (let i = 0; i < children; i++) {
    if (!never.has(i))
      add({
        ev: 'reap',
        pid: 200 + i,
        start: startOf(i),
        by: 'parent',
        ppid: 101,
        status: statusOf(i),
        exact: true,
        lastSeen: t - 1,
      })
  }
  add({ ev: 'exit', pid: 101, start: 2, status: ok, exact: true, ppid: 100 })
  for (const i of never)
    add({ ev: 'reparent', pid: 200 + i, start: startOf(i), from: 101, to: 100, exact: true, alive: false })
  add({ ev: 'reap', pid: 101, start: 2, by: 'sentinel', ppid: 100, status: ok, exact: true, lastSeen: t })
  for (const i of never)
    add({
      ev: 'reap',
      pid: 200 + i,
      start: startOf(i),
      by: 'sentinel',
      ppid: 100,
      status: statusOf(i),
      exact: true,
      lastSeen: t,
    })
  add({ ev: 'root-exit', pid: 101, start: 2, status: ok })
  return list as unknown as SentinelEvent[]
}
