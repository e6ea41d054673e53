import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  continuedStop,
  describeStoppedThenContinued,
  drawProcesses,
  formatTimeline,
  parseSentinelEvent,
  replayEvents,
  type SentinelEvent,
} from '../src/index.js'

// Recorded from a real run of packages/runner/test/fixtures/stop-tstp.py under exact capture: root.1
// moves into a group of its own (setpgid, caught at the call), stops itself with SIGTSTP and is
// continued by its parent; root.2 is stopped by its parent with SIGSTOP and continued.
const stream: SentinelEvent[] = readFileSync(new URL('./streams/job-stops-exact.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map(parseSentinelEvent)

describe('stop signals and exact group changes, replayed', () => {
  const report = replayEvents(stream)

  it('keeps the signal of each stop, and the group change as exact', () => {
    expect(report.process('root.1').stopped.map((s) => s.signal)).toEqual(['SIGTSTP'])
    expect(report.process('root.2').stopped.map((s) => s.signal)).toEqual(['SIGSTOP'])
    expect(report.process('root.1').groups.map((g) => [g.pgid === report.process('root.1').pid, g.exact])).toEqual([
      [false, true],
      [true, true],
    ])
  })

  it("shows them in the timeline without the sampled mark, in the kernel's order", () => {
    expect(formatTimeline(report, { ids: ['root.1'] })).toMatchInlineSnapshot(`
      "   184.2 ms  root.1  spawn      /usr/bin/python3 stop-tstp.py
         222.7 ms  root.1  group      moved to process group 31032
         223.7 ms  root.1  stop       stopped by SIGTSTP (T)
         225.3 ms  root.1  continue   continued (S)
         226.9 ms  root.1  exit       exit code 0
         230.4 ms  root.1  reap       reaped by its parent (31019)"
    `)
  })

  it('marks no group as sampled in the picture', () => {
    expect(drawProcesses(report.processes, report, { final: true, pids: false, groups: true })).not.toMatch(/sampled/)
  })

  it('finds a continued stop by its signal, and says which signal did stop it when another was asked for', () => {
    const tstp = report.process('root.1')
    const stop = report.process('root.2')
    expect(continuedStop(tstp, 'SIGTSTP')?.signal).toBe('SIGTSTP')
    expect(continuedStop(stop, 'SIGTSTP')).toBeUndefined()
    expect(continuedStop(stop)?.signal).toBe('SIGSTOP')
    expect(describeStoppedThenContinued(tstp, 'SIGTSTP')).toBe(
      'root.1 was stopped by SIGTSTP at 224 ms and continued at 225 ms',
    )
    expect(describeStoppedThenContinued(stop, 'SIGTSTP')).toBe(
      'root.2 was stopped by SIGSTOP at 235 ms and continued at 237 ms, never by SIGTSTP',
    )
    expect(describeStoppedThenContinued(report.process('root'))).toBe('root was never stopped')
  })

  it('says the signal is not known for a stop of a sampled record', () => {
    const sampled = { id: 'root.1', stopped: [{ signal: null, from: 10, to: 20 }] }
    expect(continuedStop(sampled)).toEqual(sampled.stopped[0])
    expect(continuedStop(sampled, 'SIGTSTP')).toBeUndefined()
    expect(describeStoppedThenContinued(sampled, 'SIGTSTP')).toBe(
      'root.1 was stopped at 10 ms and continued at 20 ms, never by SIGTSTP (which signal stopped it was not recorded: sampled capture)',
    )
    expect(describeStoppedThenContinued({ id: 'root.1', stopped: [{ signal: null, from: 10, to: null }] })).toBe(
      'root.1 was stopped at 10 ms and never continued',
    )
  })
})

describe("a sampled birth and its parent's stop", () => {
  // Written by hand, edge by edge (sampled capture): the root is stopped, continued at 118 ms, and
  // only then forks; the child's start ticks round down to 110 ms, inside the stop.
  const lines = [
    {
      ev: 'hello',
      t: 0,
      protocol: 2,
      pid: 9,
      start: 100,
      subreaper: true,
      subreaperError: null,
      pidfd: true,
      capture: 'sampled',
      captureReason: 'disabled by --no-trace',
      clkTck: 100,
      bootMs: 1000,
      interval: 5,
      fullEvery: 10,
      socket: null,
    },
    {
      ev: 'spawn',
      t: 10,
      pid: 10,
      start: 101,
      ppid: 9,
      pgid: 10,
      sid: 10,
      comm: 'sh',
      argv: ['sh', 'job.sh'],
      state: 'R',
      root: true,
      late: false,
      exact: true,
    },
    { ev: 'state', t: 50, pid: 10, start: 101, from: 'S', state: 'T' },
    { ev: 'state', t: 118, pid: 10, start: 101, from: 'T', state: 'S' },
    {
      ev: 'spawn',
      t: 121,
      pid: 11,
      start: 111,
      ppid: 10,
      pgid: 10,
      sid: 10,
      comm: 'sh',
      argv: ['sh', 'job.sh'],
      state: 'R',
      root: false,
      late: false,
      exact: false,
    },
    { ev: 'exit', t: 130, pid: 11, start: 111, status: { code: 0, signal: null, core: false }, exact: true, ppid: 10 },
    {
      ev: 'reap',
      t: 131,
      pid: 11,
      start: 111,
      by: 'parent',
      ppid: 10,
      status: { code: 0, signal: null, core: false },
      exact: true,
      lastSeen: 130,
    },
    { ev: 'exit', t: 140, pid: 10, start: 101, status: { code: 0, signal: null, core: false }, exact: true, ppid: 9 },
    {
      ev: 'reap',
      t: 140.5,
      pid: 10,
      start: 101,
      by: 'sentinel',
      ppid: 9,
      status: { code: 0, signal: null, core: false },
      exact: true,
      lastSeen: 140,
    },
    { ev: 'root-exit', t: 140.5, pid: 10, start: 101, status: { code: 0, signal: null, core: false } },
    { ev: 'bye', t: 150, samples: 30, walks: 3 },
  ].map((e) => parseSentinelEvent(JSON.stringify(e)))

  it('is placed after the continue that let the parent fork, not inside the stop', () => {
    const report = replayEvents(lines)
    expect(report.process('root.1').spawnedAt).toBe(118)
    expect(report.process('root').stopped).toEqual([{ signal: null, from: 50, to: 118 }])
    expect(
      formatTimeline(report)
        .split('\n')
        .map((l) => l.trim().replace(/\s+/g, ' ')),
    ).toEqual([
      '10.0 ms~ root spawn sh job.sh',
      '50.0 ms~ root stop stopped (T)',
      '118.0 ms~ root continue continued (S)',
      '118.0 ms~ root.1 spawn sh job.sh',
      '130.0 ms root.1 exit exit code 0',
      '131.0 ms root.1 reap reaped by its parent (10)',
      '140.0 ms root exit exit code 0',
      '140.5 ms root reap reaped by its parent (9)',
    ])
  })
})
