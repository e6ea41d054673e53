import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  parseSentinelEvent,
  processNotes,
  renderHtmlPage,
  renderSvg,
  replayEvents,
  type SentinelEvent,
} from '../src/index.js'
import { layLanes } from '../src/svg/lanes.js'
import { timeTicks } from '../src/svg/time-axis.js'
import { forkStorm } from './helpers/fork-storm.js'

// The picture of a run, from replayed sentinel streams: no process is launched, so the same
// stream gives the same bytes on every machine and the SVGs can be file snapshots (open them in a
// browser to see what a reader sees).

const stream = (name: string): SentinelEvent[] =>
  readFileSync(new URL(`./streams/${name}.jsonl`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map(parseSentinelEvent)

const streams = [
  'double-fork',
  'ignore-term',
  'never-reaped',
  'term-exits-0',
  'undetermined-exit-seen-late',
  'undetermined-reparent-zombie',
  'zombie-reaped-late',
]

describe('renderSvg', () => {
  it.each(streams)('draws %s as its snapshot', async (name) => {
    await expect(renderSvg(replayEvents(stream(name)))).toMatchFileSnapshot(`./__snapshots__/svg/${name}.svg`)
  })

  it('gives the same bytes for the same report, and for a replay of the same stream', () => {
    const report = replayEvents(stream('double-fork'))
    expect(renderSvg(report)).toBe(renderSvg(report))
    expect(renderSvg(replayEvents(stream('double-fork')))).toBe(renderSvg(report))
  })

  it('is self-contained: no script, no link, no external file or font', () => {
    for (const name of streams) {
      const svg = renderSvg(replayEvents(stream(name)))
      expect(svg).not.toMatch(/<script|href=|@import|@font-face|<image|<foreignObject/i)
      expect(svg.match(/url\([^)]*\)/g)?.every((u) => u.startsWith('url(#'))).toBe(true)
    }
  })

  it('says in words, for every process, what the text tree says (processNotes), and titles every shape', () => {
    const report = replayEvents(stream('never-reaped'))
    const svg = renderSvg(report)
    for (const p of report.processes)
      expect(svg).toContain(processNotes(p, report, { final: true, pids: false }).join(', '))
    expect(svg).toContain('<title>zombie, held by root</title>')
    expect(svg).toContain('<title>zombie, held by the sentinel</title>')
    expect(svg).toContain('<title>reaped by the sentinel</title>')
    // Every mark of a lane carries its own title; only the legend's swatches and the arrowheads do not.
    const lanes = svg.slice(svg.indexOf('</defs>'), svg.indexOf('<g><title>legend'))
    expect(lanes.match(/<(circle|path)[^>]*\/>/g)).toBeNull()
  })

  it('highlights the verdict: zombies, orphans, strays and undetermined each with its own background', () => {
    const lane = (svg: string, id: string): string => svg.split('<g>').find((g) => g.includes(`<title>${id} `))!
    const never = renderSvg(replayEvents(stream('never-reaped')))
    expect(lane(never, 'root.1')).toContain('fill="#f9c9c8"')
    expect(lane(never, 'root')).not.toContain('rx="3"')
    expect(lane(renderSvg(replayEvents(stream('double-fork'))), 'root.1.1')).toContain('fill="#fde0b0"')
    expect(lane(renderSvg(replayEvents(stream('ignore-term'))), 'root.1')).toContain('fill="#e9c6ef"')
    expect(lane(renderSvg(replayEvents(stream('undetermined-exit-seen-late'))), 'root.1')).toContain('fill="#dcdcdc"')
  })

  it('draws sampled times dashed and exact ones solid', () => {
    const svg = renderSvg(replayEvents(stream('double-fork')))
    // A spawn time comes from /proc's start ticks (sampled); the sentinel sees an exit exactly.
    expect(svg).toMatch(/<line [^>]*stroke-dasharray="3 2"[^>]*><title>spawned by root \(sampled time\)<\/title>/)
    expect(svg).toMatch(/<circle [^>]*fill="#222222" stroke="#222222"><title>exit code 7<\/title>/)
  })

  it('draws signals sent together as one mark that names each, and an exit at the right edge with its word before the mark', () => {
    const svg = renderSvg(replayEvents(stream('ignore-term')))
    const lane = svg.split('<g>').find((g) => g.includes('<title>root.1 '))!
    const signals = [...lane.matchAll(/<path d="[^"]*h10l-5 7z" fill="#b0307a"><title>([^<]*)<\/title>/g)].map(
      (m) => m[1],
    )
    expect(signals).toEqual(['SIGSTOP (cleanup); SIGTERM (cleanup); SIGCONT (cleanup)', 'SIGKILL (cleanup)'])
    // Killed at the run's last moment: its word ends before the mark instead of running into the notes.
    expect(lane).toMatch(/<text x="[\d.]+" y="\d+" font-size="10" fill="#222222" text-anchor="end">SIGKILL<\/text>/)
    expect(svg).toMatch(/<text x="[\d.]+" y="\d+" font-size="10" fill="#222222">0<\/text>/)
  })

  it('draws checkpoints as named rules and adoption as an arrow to the reaper', () => {
    const svg = renderSvg(replayEvents(stream('double-fork')))
    expect(svg).toContain('<title>checkpoint &quot;forked&quot; called by root.1</title>')
    expect(svg).toContain('⚑ forked')
    expect(svg).toMatch(
      /marker-end="url\(#arrow-7b3fb5\)"><title>adopted by the reaper \(\d+\) after \d+ died<\/title>/,
    )
  })
})

describe('a 300-process fork storm', () => {
  it('folds the run of identical siblings into one lane, and stays small', () => {
    const report = replayEvents(forkStorm(300, { reapDelay: 50 }))
    expect(report.processes).toHaveLength(301)
    expect(layLanes(report).map((l) => l.members.length)).toEqual([1, 300])
    const svg = renderSvg(report)
    expect(svg).toContain('root.1…300 worker ×300')
    expect(svg.length).toBeLessThan(20_000)
  })

  it('keeps a sibling whose fate differs in a lane of its own, in tree order', () => {
    const report = replayEvents(forkStorm(300, { neverReaped: [150] }))
    expect(report.verdict.zombies).toEqual(['root.151'])
    expect(layLanes(report).map((l) => [l.members[0]!.id, l.members.length])).toEqual([
      ['root', 1],
      ['root.1', 150],
      ['root.151', 1],
      ['root.152', 149],
    ])
    expect(renderSvg(report)).toContain('root.151 worker: zombie, handed to the sentinel unreaped')
  })

  it('folds siblings that differ only in their exit status, counting each status', () => {
    const report = replayEvents(forkStorm(300, { exitCodes: 7 }))
    const lanes = layLanes(report)
    expect(lanes.map((l) => l.members.length)).toEqual([1, 300])
    expect(lanes[1]!.notes).toEqual([
      'exit code 0 ×43',
      'exit code 1 ×43',
      'exit code 2 ×43',
      'exit code 3 ×43',
      'exit code 4 ×43',
      'exit code 5 ×43',
      'exit code 6 ×42',
    ])
  })

  it('folds nothing when asked not to', () => {
    expect(layLanes(replayEvents(forkStorm(5)), { collapseAt: Number.POSITIVE_INFINITY })).toHaveLength(6)
  })
})

describe('the time axis', () => {
  it('reads at round steps from a 20 ms run to a 30 s one', () => {
    const labels = (end: number): string =>
      timeTicks(end)
        .map((t) => t.label)
        .join(' | ')
    expect(labels(20)).toMatchInlineSnapshot(
      `"0 | 2 ms | 4 ms | 6 ms | 8 ms | 10 ms | 12 ms | 14 ms | 16 ms | 18 ms | 20 ms"`,
    )
    expect(labels(650)).toMatchInlineSnapshot(`"0 | 100 ms | 200 ms | 300 ms | 400 ms | 500 ms | 600 ms"`)
    expect(labels(30_000)).toMatchInlineSnapshot(`"0 | 5 s | 10 s | 15 s | 20 s | 25 s | 30 s"`)
    expect(labels(2_400)).toMatchInlineSnapshot(`"0 | 0.5 s | 1 s | 1.5 s | 2 s"`)
    expect(labels(0.4)).toMatchInlineSnapshot(
      `"0 | 0.1 ms | 0.2 ms | 0.3 ms | 0.4 ms | 0.5 ms | 0.6 ms | 0.7 ms | 0.8 ms | 0.9 ms | 1 ms"`,
    )
  })
})

describe('renderHtmlPage', () => {
  it('puts the picture, the tree and the timeline in one page with no script or external file', () => {
    const report = replayEvents(stream('double-fork'))
    const html = renderHtmlPage(report)
    expect(html).toContain(renderSvg(report))
    expect(html).toContain('└─ root.1.1 python3')
    expect(html).toContain('adopted by the reaper')
    expect(html).not.toMatch(/<script|<link|src=|href=/i)
  })
})
