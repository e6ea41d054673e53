import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  drawProcesses,
  formatTimeline,
  lastGroup,
  leadsOwnGroup,
  parseSentinelEvent,
  replayEvents,
  type SentinelEvent,
} from '../src/index.js'

// Recorded from a real run of packages/runner/test/fixtures/job-group.sh with newSession: the root
// leads its own session; root.1 moves to a new session and group (setsid) and starts two cats in it;
// root.1.1 is stopped and continued; then SIGTERM goes to root.1's whole group. Recorded by a
// sentinel that sampled group changes and did not name stop signals: its records say so.
const stream: SentinelEvent[] = readFileSync(new URL('./streams/job-group.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map(parseSentinelEvent)

describe('process groups and job-control stops, replayed', () => {
  const report = replayEvents(stream)
  const pid = (id: string): number => report.process(id).pid

  it("records each process's group and session at birth and at every change", () => {
    expect(report.process('root.1').groups.map((g) => [g.pgid, g.sid])).toEqual([
      [pid('root'), pid('root')],
      [pid('root.1'), pid('root.1')],
    ])
    expect(report.process('root.1.1').groups.map((g) => g.pgid)).toEqual([pid('root.1')])
    expect(leadsOwnGroup(report.process('root'))).toBe(true)
    expect(leadsOwnGroup(report.process('root.1'))).toBe(true)
    expect(leadsOwnGroup(report.process('root.1.2'))).toBe(false)
    expect(lastGroup(report.process('root.1.2'))?.pgid).toBe(pid('root.1'))
  })

  it('records a stop and its continue as one closed span', () => {
    const [span] = report.process('root.1.1').stopped
    expect(span!.to).not.toBeNull()
    expect(span!.to!).toBeGreaterThan(span!.from)
    expect(report.process('root.1.2').stopped).toEqual([])
  })

  it('shows the group change and the group signal in the timeline, and groups in the picture when asked', () => {
    const lines = formatTimeline(report, { ids: ['root.1'] })
      .split('\n')
      .map((l) => l.replace(/^\s*[\d.]+ ms\s+/, ''))
    expect(
      lines.some(
        (l) =>
          /\bgroup\b/.test(l) && l.endsWith(`moved to a new session ${pid('root.1')}, process group ${pid('root.1')}`),
      ),
    ).toBe(true)
    expect(lines.some((l) => l.includes(`SIGTERM to its process group ${pid('root.1')} (request)`))).toBe(true)
    const picture = drawProcesses(report.processes, report, { final: true, pids: false, groups: true })
    expect(
      picture.replace(/pgid \d+/g, (m) =>
        m === `pgid ${pid('root')}` ? 'pgid R' : m === `pgid ${pid('root.1')}` ? 'pgid J' : m,
      ),
    ).toMatch(/root sh \(pgid R\)[^]*root\.1 sh \(pgid J sampled\)[^]*root\.1\.1 cat \(pgid J\)/)
  })
})
