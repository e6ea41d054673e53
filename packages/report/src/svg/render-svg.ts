import type { RunReport } from '../types.js'
import { programLine, runTitle } from '../program.js'
import { describeReaper, describeVerdict } from '../words.js'
import { layLanes, type Lane } from './lanes.js'
import { legend } from './legend.js'
import { MARK } from './palette.js'
import { timeTicks } from './time-axis.js'
import { escapeXml, tag, title } from './xml.js'

import { drawLane } from './draw-lane.js'
import { CHAR, FONT, LANE, TOP, type Frame } from './frame.js'
/** Options of {@link renderSvg}. */
export interface SvgOptions {
  /** Width of the time axis in px. @default 720 */
  readonly plotWidth?: number
  /** Runs of at least this many identical leaf siblings share one lane. @default 3 */
  readonly collapseAt?: number
  /**
   * The picture's title: the test's name for a test's picture. @default the run's program
   * ({@link runTitle}: `proclife run  zombie.py`, without the harness's wrapper)
   */
  readonly title?: string
  /**
   * What to call the root in its lane when it is not the user's program: `the test process` for
   * code observed in place (its program is the test runner's). @default its program ({@link programLine})
   */
  readonly rootName?: string
}

/**
 * Draws a run as an SVG timeline: a lane per process in tree order (the reaper's on top), its
 * running, stopped and zombie intervals, marks for spawn, exec, exit, reap, adoption and signals,
 * checkpoints as vertical rules, the verdict's processes highlighted, a time axis and a legend.
 *
 * Self-contained (no script, no external file or font) and readable without styles: every shape
 * has a `<title>` and every lane its words. Deterministic: the same report gives the same bytes.
 *
 * @example
 * writeFileSync('run.svg', renderSvg(report))
 */
export function renderSvg(report: RunReport, options: SvgOptions = {}): string {
  const lanes = layLanes(report, options.collapseAt === undefined ? {} : { collapseAt: options.collapseAt })
  const labels = lanes.map((lane) => laneLabel(lane, options.rootName))
  const labelWidth = Math.min(380, Math.max(170, ...labels.map((l, i) => (l.length + 2 * lanes[i]!.depth) * CHAR + 16)))
  const plotWidth = options.plotWidth ?? 720
  const notesWidth = Math.min(640, Math.max(160, ...lanes.map((l) => l.notes.join(', ').length * 6.7 + 24)))
  const width = labelWidth + plotWidth + 40 + notesWidth
  const end = runEnd(report)
  const frame: Frame = {
    end,
    x: (ms) => labelWidth + 10 + (Math.min(Math.max(ms, 0), end) / end) * plotWidth,
    laneY: (i) => TOP + i * LANE,
  }
  const laneOf = laneIndex(lanes)
  const axisY = frame.laneY(lanes.length + 1) - LANE / 2 + 6
  const height = axisY + 34 + legend.height
  const parts: string[] = []
  parts.push(tag('rect', { x: 0, y: 0, width, height, fill: 'white' }))
  parts.push(header(report, options.title ?? runTitle(report), width))
  parts.push(grid(frame, axisY, labelWidth, plotWidth))
  parts.push(reaperLane(report, frame, labelWidth, plotWidth))
  lanes.forEach((lane, i) =>
    parts.push(drawLane(report, lane, i + 1, frame, laneOf, labels[i]!, labelWidth, plotWidth)),
  )
  parts.push(checkpoints(report, frame, axisY))
  parts.push(legend.draw(16, axisY + 34, width))
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height.toFixed(0)}" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}" font-size="12" ${FONT} role="img">`,
    title(`${options.title ?? runTitle(report)} — ${describeVerdict(report.verdict)}`),
    defs(),
    ...parts,
    '</svg>',
  ].join('\n')
}

/** The last moment anything happened, so that nothing is drawn past the right edge. */
function runEnd(report: RunReport): number {
  let end = Math.max(report.durationMs, 1)
  for (const e of report.events) end = Math.max(end, e.at)
  for (const c of report.checkpoints) end = Math.max(end, c.at)
  return end
}

/** Lane index (1-based; 0 is the reaper) of every process id. */
function laneIndex(lanes: readonly Lane[]): Map<string, number> {
  const index = new Map<string, number>()
  lanes.forEach((lane, i) => lane.members.forEach((p) => index.set(p.id, i + 1)))
  return index
}

function laneLabel(lane: Lane, rootName: string | undefined): string {
  const first = lane.members[0]!
  if (first.id === 'root' && rootName !== undefined) return `root (${rootName})`
  const command = programLine(first)
  if (lane.members.length === 1) return `${first.id} ${command}`
  return `${first.id}…${lane.members.at(-1)!.id.split('.').at(-1)} ${command} ×${lane.members.length}`
}

function header(report: RunReport, heading: string, width: number): string {
  const verdict = report.verdict
  const clean = verdict.zombies.length + verdict.strays.length + verdict.escaped.length === 0
  return [
    tag('text', { x: 16, y: 22, 'font-size': 15, 'font-weight': 'bold' }, escapeXml(heading)),
    tag(
      'text',
      { x: 16, y: 42, fill: clean ? '#1f7a35' : '#b3261e' },
      escapeXml(`${clean ? '✔' : '✘'} ${describeVerdict(verdict)}`),
    ),
    tag('line', { x1: 16, x2: width - 16, y1: 52, y2: 52, stroke: '#dddddd' }),
  ].join('')
}

/** Tick lines and labels of the time axis. */
function grid(frame: Frame, axisY: number, labelWidth: number, plotWidth: number): string {
  const out: string[] = []
  for (const tick of timeTicks(frame.end)) {
    const x = frame.x(tick.at)
    out.push(tag('line', { x1: x, x2: x, y1: TOP - LANE / 2, y2: axisY, stroke: '#eeeeee' }))
    out.push(
      tag(
        'text',
        { x, y: axisY + 14, 'text-anchor': 'middle', fill: '#555555', 'font-size': 11 },
        escapeXml(tick.label),
      ),
    )
  }
  out.push(
    tag('line', { x1: labelWidth + 10, x2: labelWidth + 10 + plotWidth, y1: axisY, y2: axisY, stroke: '#888888' }),
  )
  out.push(
    tag(
      'text',
      { x: labelWidth + 10 + plotWidth, y: axisY + 28, 'text-anchor': 'end', fill: '#555555', 'font-size': 11 },
      'time since the run started',
    ),
  )
  return `<g>${out.join('')}</g>`
}

function reaperLane(report: RunReport, frame: Frame, labelWidth: number, plotWidth: number): string {
  const y = frame.laneY(0)
  const name = describeReaper(report.reaper, false)
  return tag(
    'g',
    {},
    title(`${name}: the run's reaper, adopts every orphan of the run`),
    tag('text', { x: 16, y: y + 4, 'font-style': 'italic' }, escapeXml(name)),
    tag('line', {
      x1: labelWidth + 10,
      x2: labelWidth + 10 + plotWidth,
      y1: y,
      y2: y,
      stroke: MARK.adopt,
      'stroke-width': 2,
      'stroke-dasharray': '6 3',
    }),
  )
}

function checkpoints(report: RunReport, frame: Frame, axisY: number): string {
  return report.checkpoints
    .map((c) => {
      const x = frame.x(c.at)
      return tag(
        'g',
        {},
        title(`checkpoint "${c.name}"${c.by ? ` called by ${c.by}` : ''}`),
        tag('line', { x1: x, x2: x, y1: 58, y2: axisY, stroke: MARK.checkpoint, 'stroke-width': 1.5 }),
        tag('text', { x: x + 3, y: 66, fill: MARK.checkpoint, 'font-size': 11 }, escapeXml(`⚑ ${c.name}`)),
      )
    })
    .join('')
}

/** Arrowheads, one per colour used by arrows. */
function defs(): string {
  const heads = [MARK.spawn, MARK.adopt].map(
    (c) =>
      `<marker id="arrow-${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${c}"/></marker>`,
  )
  return `<defs>${heads.join('')}</defs>`
}
