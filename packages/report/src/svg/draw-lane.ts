import type { ProcessRecord, ReportEvent, RunReport } from '../types.js'
import { programLine } from '../program.js'
import { describeReapedBy, describeReaper, describeStatus } from '../words.js'
import type { Lane } from './lanes.js'
import { FATE, FILL, MARK, SAMPLED_DASH } from './palette.js'
import { escapeXml, num, tag, title } from './xml.js'

import { BAR, CHAR, LABEL_CHAR, LANE, type Frame } from './frame.js'

/** Which of the verdict's lists names this process, for its highlight. */
function fateOf(report: RunReport, id: string): keyof typeof FATE | null {
  const v = report.verdict
  if (v.zombies.includes(id)) return 'zombie'
  if (v.undetermined.includes(id)) return 'undetermined'
  if (v.strays.includes(id) || v.escaped.includes(id)) return 'stray'
  if (v.orphans.includes(id)) return 'orphan'
  return null
}

export function drawLane(
  report: RunReport,
  lane: Lane,
  index: number,
  frame: Frame,
  laneOf: Map<string, number>,
  label: string,
  labelWidth: number,
  plotWidth: number,
): string {
  const y = frame.laneY(index)
  const first = lane.members[0]!
  const out: string[] = [title(`${label}: ${lane.notes.join(', ')}`)]
  const fate = fateOf(report, first.id)
  if (fate)
    out.push(
      tag('rect', { x: 10, y: y - LANE / 2 + 1, width: labelWidth - 4, height: LANE - 2, rx: 3, fill: FATE[fate] }),
    )
  out.push(tag('text', { x: 16 + lane.depth * 2 * CHAR, y: y + 4 }, escapeXml(label)))
  out.push(tag('line', { x1: labelWidth + 10, x2: labelWidth + 10 + plotWidth, y1: y, y2: y, stroke: '#f2f2f2' }))
  const events = report.events.filter((e) => e.id !== null && lane.members.some((p) => p.id === e.id))
  out.push(lane.members.length === 1 ? intervals(report, first, events, frame, y) : envelope(lane, frame, y))
  out.push(spawnArrow(report, first, events, frame, laneOf, y))
  if (lane.members.length === 1) out.push(marks(report, first, events, frame, laneOf, y))
  out.push(
    tag(
      'text',
      { x: labelWidth + plotWidth + 40, y: y + 4, 'font-size': 11, fill: '#333333' },
      escapeXml(lane.notes.join(', ')),
    ),
  )
  return tag('g', {}, ...out)
}

/** Running, stopped and zombie spans of one process. */
function intervals(
  report: RunReport,
  p: ProcessRecord,
  events: readonly ReportEvent[],
  frame: Frame,
  y: number,
): string {
  const out: string[] = []
  const spawn = events.find((e) => e.kind === 'spawn')
  const exit = events.find((e) => e.kind === 'exit')
  const running = { from: p.spawnedAt, to: p.exitedAt ?? frame.end }
  const sampled = !(spawn?.exact ?? false) || (exit !== undefined && !exit.exact)
  out.push(
    bar(
      frame,
      running.from,
      running.to,
      y,
      FILL.running,
      sampled,
      p.exitedAt === null ? 'running until the end' : 'running',
    ),
  )
  let stoppedAt: ReportEvent | null = null
  for (const e of events) {
    if (e.kind === 'stop') stoppedAt = e
    if ((e.kind === 'continue' || e.kind === 'exit') && stoppedAt) {
      out.push(
        bar(
          frame,
          stoppedAt.at,
          e.at,
          y,
          FILL.stopped,
          !stoppedAt.exact || !e.exact,
          e.detail === ''
            ? 'stopped'
            : `${stoppedAt.detail}, then ${e.kind === 'exit' ? describeStatus(p.exit) : e.detail}`,
        ),
      )
      stoppedAt = null
    }
  }
  if (stoppedAt) out.push(bar(frame, stoppedAt.at, running.to, y, FILL.stopped, !stoppedAt.exact, stoppedAt.detail))
  for (const z of p.zombie) {
    out.push(
      bar(
        frame,
        z.from,
        z.to ?? frame.end,
        y,
        FILL.zombie,
        !(exit?.exact ?? false),
        `zombie, held by ${holderOf(report, z.heldBy, z.from)}`,
      ),
    )
  }
  return out.join('')
}

/** A run of identical siblings: one span from the first birth to the last reap. */
function envelope(lane: Lane, frame: Frame, y: number): string {
  const from = Math.min(...lane.members.map((p) => p.spawnedAt))
  const exitedAll = lane.members.every((p) => p.exitedAt !== null)
  const lastExit = exitedAll ? Math.max(...lane.members.map((p) => p.exitedAt!)) : frame.end
  const out = [
    bar(
      frame,
      from,
      lastExit,
      y,
      FILL.running,
      true,
      `${lane.members.length} processes, from the first birth to the last exit`,
    ),
  ]
  const holds = lane.members.flatMap((p) => p.zombie)
  if (holds.length > 0) {
    const zFrom = Math.min(...holds.map((z) => z.from))
    const zTo = holds.some((z) => z.to === null) ? frame.end : Math.max(...holds.map((z) => z.to!))
    out.push(
      bar(
        frame,
        zFrom,
        zTo,
        y + BAR / 4,
        FILL.zombie,
        true,
        `zombies among them, from the first exit to the last reap`,
        BAR / 2,
      ),
    )
  }
  return out.join('')
}

export function bar(
  frame: Frame,
  from: number,
  to: number,
  y: number,
  fill: string,
  sampled: boolean,
  what: string,
  height = BAR,
): string {
  const x = frame.x(from)
  const w = Math.max(1.5, frame.x(to) - x)
  return tag(
    'rect',
    {
      x,
      y: y - height / 2,
      width: w,
      height,
      fill,
      stroke: sampled ? '#333333' : undefined,
      'stroke-width': sampled ? 0.8 : undefined,
      'stroke-dasharray': sampled ? SAMPLED_DASH : undefined,
    },
    title(`${what}${sampled ? ' (sampled time)' : ''}`),
  )
}

/** Who held a zombie: its parent's id, or the reaper in words. */
function holderOf(report: RunReport, pid: number, at: number): string {
  if (pid === report.reaper.pid) return describeReaper(report.reaper, false)
  const holder = report.processes.find(
    (q) => q.pid === pid && q.spawnedAt <= at && (q.reapedAt === null || q.reapedAt >= at),
  )
  return holder ? holder.id : 'its parent'
}

/** The arrow from the parent's lane (the reaper's, for the root) to a process's birth. */
function spawnArrow(
  report: RunReport,
  p: ProcessRecord,
  events: readonly ReportEvent[],
  frame: Frame,
  laneOf: Map<string, number>,
  y: number,
): string {
  const parentId = p.id.includes('.') ? p.id.slice(0, p.id.lastIndexOf('.')) : null
  const from = parentId === null ? 0 : laneOf.get(parentId)
  if (from === undefined) return ''
  const exact = events.find((e) => e.kind === 'spawn' && e.id === p.id)?.exact ?? false
  return arrow(
    frame.x(p.spawnedAt),
    frame.laneY(from),
    y,
    MARK.spawn,
    exact,
    `spawned by ${parentId ?? describeReaper(report.reaper, false)}`,
  )
}

function arrow(x: number, y1: number, y2: number, colour: string, exact: boolean, what: string): string {
  const toward = y2 > y1 ? -BAR / 2 : BAR / 2
  return tag(
    'line',
    {
      x1: x,
      x2: x,
      y1,
      y2: y2 + toward,
      stroke: colour,
      'stroke-width': 1.2,
      'stroke-dasharray': exact ? undefined : SAMPLED_DASH,
      'marker-end': `url(#arrow-${colour.slice(1)})`,
    },
    title(`${what}${exact ? '' : ' (sampled time)'}`),
  )
}

/** Exec, exit, reap, adoption and signal marks of one process. */
function marks(
  report: RunReport,
  p: ProcessRecord,
  events: readonly ReportEvent[],
  frame: Frame,
  laneOf: Map<string, number>,
  y: number,
): string {
  const out: string[] = []
  const right = frame.x(frame.end)
  for (const e of events) {
    const x = frame.x(e.at)
    const dash = e.exact ? undefined : SAMPLED_DASH
    const note = (what: string): string => title(`${what}${e.exact ? '' : ' (sampled time)'}`)
    if (e.kind === 'exec') {
      out.push(
        tag(
          'path',
          {
            d: `M${num(x)} ${num(y - 7)}l5 7l-5 7l-5 -7z`,
            fill: e.exact ? MARK.exec : 'white',
            stroke: MARK.exec,
            'stroke-dasharray': dash,
          },
          note(`exec ${programLine({ argv: e.detail.split(' '), comm: e.detail })}`),
        ),
      )
    } else if (e.kind === 'exit') {
      out.push(
        tag(
          'circle',
          { cx: x, cy: y, r: 4.5, fill: e.exact ? MARK.exit : 'white', stroke: MARK.exit, 'stroke-dasharray': dash },
          note(describeStatus(p.exit)),
        ),
      )
      // Beside the mark, or before it where it would run past the plot into the notes.
      const word = shortStatus(p)
      const before = x + 7 + word.length * LABEL_CHAR > right
      out.push(
        tag(
          'text',
          {
            x: before ? x - 7 : x + 7,
            y: y - 8,
            'font-size': 10,
            fill: MARK.exit,
            'text-anchor': before ? 'end' : undefined,
          },
          escapeXml(word),
        ),
      )
    } else if (e.kind === 'reap' && p.reapedBy) {
      const colour = MARK.reap[p.reapedBy]
      out.push(
        tag(
          'rect',
          { x: x - 1.5, y: y - 9, width: 3, height: 18, fill: colour, 'stroke-dasharray': dash },
          note(`reaped by ${describeReapedBy(p, report.reaper, report.cleaner)}`),
        ),
      )
    }
  }
  // Signals sent together (the clean-up's SIGSTOP, SIGTERM, SIGCONT) share one mark: drawn one on
  // another, only the last title could be read.
  const groups: ReportEvent[][] = []
  for (const e of events) {
    if (e.kind !== 'signal') continue
    const group = groups.at(-1)
    if (group && frame.x(e.at) - frame.x(group[0]!.at) < 4) group.push(e)
    else groups.push([e])
  }
  for (const group of groups) {
    const x = frame.x(group[0]!.at)
    const what = `${group.map((e) => e.detail).join('; ')}${group.every((e) => e.exact) ? '' : ' (sampled time)'}`
    out.push(tag('path', { d: `M${num(x - 5)} ${num(y - 12)}h10l-5 7z`, fill: MARK.signal }, title(what)))
  }
  for (const parent of p.parents.slice(1)) {
    if (parent.at === null) continue
    const target =
      parent.pid === report.reaper.pid
        ? 0
        : laneOf.get(report.processes.find((q) => q.pid === parent.pid && q.spawnedAt <= parent.at!)?.id ?? '')
    if (target === undefined) continue
    const detail = report.events.find((e) => e.kind === 'reparent' && e.id === p.id && e.at === parent.at)?.detail
    out.push(arrow(frame.x(parent.at), y, frame.laneY(target), MARK.adopt, parent.exact, detail ?? 'adopted'))
  }
  return out.join('')
}

/** `0`, `3`, `SIGTERM`: the exit in a word, beside its mark (the full words are in its title). */
function shortStatus(p: ProcessRecord): string {
  if (!p.exit) return '?'
  return p.exit.signal ?? String(p.exit.code)
}
