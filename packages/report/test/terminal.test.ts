import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  describeKeys,
  drawProcesses,
  foregroundAt,
  formatTimeline,
  heldTerminal,
  parseSentinelEvent,
  replayEvents,
  type SentinelEvent,
} from '../src/index.js'

// Recorded from a real run of packages/runner/test/fixtures/terminal-job.py with a terminal: the
// root gives root.1 (a job in a group of its own) the terminal with tcsetpgrp, ctrl-c is typed,
// the kernel kills root.1 with SIGINT, the root takes the terminal back and exits.
const stream: SentinelEvent[] = readFileSync(new URL('./streams/terminal-job.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map(parseSentinelEvent)

describe("the terminal's foreground group, replayed", () => {
  const report = replayEvents(stream)
  const pid = (id: string): number => report.process(id).pid

  it('records every change of the foreground group, in order, as sampled', () => {
    expect(report.terminal?.exact).toBe(false)
    expect(report.terminal?.foreground.map((f) => f.pgid)).toEqual([pid('root'), pid('root.1'), pid('root'), 0])
  })

  it("says which group held the terminal at a moment, and whether a process's job ever did", () => {
    const typed = report.events.find((e) => e.kind === 'typed')!
    expect(foregroundAt(report, typed.at)).toBe(pid('root.1'))
    expect(foregroundAt(report, 0)).toBe(0)
    expect(heldTerminal(report, report.process('root.1'))?.pgid).toBe(pid('root.1'))
    expect(heldTerminal(report, report.process('root'))?.pgid).toBe(pid('root'))
    // A process in a group that never held the terminal, and one that lived only after its group had it.
    const elsewhere = { ...report.process('root.1'), pid: 1, groups: [{ at: 0, pgid: 1, sid: 1, exact: false }] }
    expect(heldTerminal(report, elsewhere)).toBeNull()
    const late = { ...report.process('root.1'), spawnedAt: report.terminal!.foreground[2]!.at + 1, exitedAt: null }
    expect(heldTerminal(report, late)).toBeNull()
    expect(foregroundAt(replayEvents(stream.filter((e) => e.ev !== 'foreground' && e.ev !== 'hello')), 10)).toBeNull()
  })

  it('marks in the tree picture each process whose job held the terminal, and only with the terminal given', () => {
    const lines = (options: Parameters<typeof drawProcesses>[2]): string[] =>
      drawProcesses(report.processes, report, options)
        .split('\n')
        .filter((l) => /root/.test(l))
        .map((l) => l.replace(/ {2}.*$/, '').replace(/^[^r]*/, ''))
    expect(lines({ final: true, pids: false, terminal: report.terminal! })).toEqual([
      'root python3 (held the terminal)',
      'root.1 python3 (held the terminal)',
    ])
    expect(lines({ final: true, pids: false })).toEqual(['root python3', 'root.1 python3'])
  })

  it('shows the changes and the keys in the timeline', () => {
    const lines = formatTimeline(report)
      .split('\n')
      .map((l) =>
        l
          .replace(/^\s*[\d.]+ ms[ ~]/, '')
          .replace(new RegExp(`\\b(${pid('root.1')})\\b`, 'g'), 'J')
          .replace(new RegExp(`\\b(${pid('root')})\\b`, 'g'), 'R'),
      )
    expect(lines.filter((l) => /foreground|typed|root\.1 +exit/.test(l))).toMatchInlineSnapshot(`
      [
        "         foreground the terminal's foreground group became R",
        "         foreground the terminal's foreground group became J",
        "         typed      typed ctrl-c",
        " root.1  exit       killed by SIGINT",
        "         foreground the terminal's foreground group became R",
        "         foreground the terminal has no foreground group (its session leader is gone)",
      ]
    `)
  })
})

it('names keys as they would be read aloud', () => {
  expect(describeKeys('\x1a')).toBe('ctrl-z')
  expect(describeKeys('fg\n')).toBe('"fg\\n"')
  expect(describeKeys('sleep 5\n\x03')).toBe('"sleep 5\\n" then ctrl-c')
})
