import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { continuedStop, describeStoppedThenContinued, drawProcesses, formatTimeline, parseSentinelEvent, replayEvents, type SentinelEvent } from '../src/index.js'

// Recorded from a real run of packages/runner/test/fixtures/stop-tstp.py under exact capture: root.1
// moves into a group of its own (setpgid, caught at the call), stops itself with SIGTSTP and is
// continued by its parent; root.2 is stopped by its parent with SIGSTOP and continued.
const stream: SentinelEvent[] = readFileSync(new URL('./streams/job-stops-exact.jsonl', import.meta.url), 'utf8').trim().split('\n').map(parseSentinelEvent)

describe('stop signals and exact group changes, replayed', () => {
  const report = replayEvents(stream)

  it('keeps the signal of each stop, and the group change as exact', () => {
    expect(report.process('root.1').stopped.map((s) => s.signal)).toEqual(['SIGTSTP'])
    expect(report.process('root.2').stopped.map((s) => s.signal)).toEqual(['SIGSTOP'])
    expect(report.process('root.1').groups.map((g) => [g.pgid === report.process('root.1').pid, g.exact])).toEqual([[false, true], [true, true]])
  })

  it('shows them in the timeline without the sampled mark, in the kernel\'s order', () => {
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
    expect(describeStoppedThenContinued(tstp, 'SIGTSTP')).toBe('root.1 was stopped by SIGTSTP at 224 ms and continued at 225 ms')
    expect(describeStoppedThenContinued(stop, 'SIGTSTP')).toBe('root.2 was stopped by SIGSTOP at 235 ms and continued at 237 ms, never by SIGTSTP')
    expect(describeStoppedThenContinued(report.process('root'))).toBe('root was never stopped')
  })

  it('says the signal is not known for a stop of a sampled record', () => {
    const sampled = { id: 'root.1', stopped: [{ signal: null, from: 10, to: 20 }] }
    expect(continuedStop(sampled)).toEqual(sampled.stopped[0])
    expect(continuedStop(sampled, 'SIGTSTP')).toBeUndefined()
    expect(describeStoppedThenContinued(sampled, 'SIGTSTP')).toBe('root.1 was stopped at 10 ms and continued at 20 ms, never by SIGTSTP (which signal stopped it was not recorded: sampled capture)')
    expect(describeStoppedThenContinued({ id: 'root.1', stopped: [{ signal: null, from: 10, to: null }] })).toBe('root.1 was stopped at 10 ms and never continued')
  })
})
