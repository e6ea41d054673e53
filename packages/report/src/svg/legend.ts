import { FATE, FILL, MARK, SAMPLED_DASH } from './palette.js'
import { escapeXml, num, tag } from './xml.js'

// The key to the picture, drawn from the same palette as the picture itself.

const ROW = 18

interface Entry {
  readonly swatch: (x: number, y: number) => string
  readonly words: string
}

const box =
  (fill: string, dashed = false) =>
  (x: number, y: number): string =>
    tag('rect', {
      x,
      y: y - 6,
      width: 22,
      height: 12,
      fill,
      stroke: dashed ? '#333333' : undefined,
      'stroke-width': dashed ? 0.8 : undefined,
      'stroke-dasharray': dashed ? SAMPLED_DASH : undefined,
    })

const rows: readonly (readonly Entry[])[] = [
  [
    { swatch: box(FILL.running), words: 'running' },
    { swatch: box(FILL.stopped), words: 'stopped' },
    { swatch: box(FILL.zombie), words: 'zombie (exited, not yet reaped)' },
    { swatch: box('white', true), words: 'dashed: sampled time; solid: exact' },
  ],
  [
    {
      swatch: (x, y) =>
        tag('line', {
          x1: x + 11,
          x2: x + 11,
          y1: y - 7,
          y2: y + 5,
          stroke: MARK.spawn,
          'stroke-width': 1.2,
          'marker-end': `url(#arrow-${MARK.spawn.slice(1)})`,
        }),
      words: 'spawn (from the parent)',
    },
    {
      swatch: (x, y) => tag('path', { d: `M${num(x + 11)} ${num(y - 7)}l5 7l-5 7l-5 -7z`, fill: MARK.exec }),
      words: 'exec',
    },
    { swatch: (x, y) => tag('circle', { cx: x + 11, cy: y, r: 4.5, fill: MARK.exit }), words: 'exit (code or signal)' },
    {
      swatch: (x, y) =>
        tag('line', {
          x1: x + 11,
          x2: x + 11,
          y1: y + 6,
          y2: y - 5,
          stroke: MARK.adopt,
          'stroke-width': 1.2,
          'marker-end': `url(#arrow-${MARK.adopt.slice(1)})`,
        }),
      words: 'adoption (to the new parent)',
    },
    {
      swatch: (x, y) => tag('path', { d: `M${num(x + 6)} ${num(y - 5)}h10l-5 7z`, fill: MARK.signal }),
      words: 'signal sent',
    },
  ],
  [
    {
      swatch: (x, y) => tag('rect', { x: x + 9.5, y: y - 8, width: 3, height: 16, fill: MARK.reap.parent }),
      words: 'reaped by its parent',
    },
    {
      swatch: (x, y) => tag('rect', { x: x + 9.5, y: y - 8, width: 3, height: 16, fill: MARK.reap.reaper }),
      words: 'by the reaper',
    },
    {
      swatch: (x, y) => tag('rect', { x: x + 9.5, y: y - 8, width: 3, height: 16, fill: MARK.reap.cleanup }),
      words: 'by the clean-up',
    },
    {
      swatch: (x, y) =>
        tag('line', { x1: x + 11, x2: x + 11, y1: y - 8, y2: y + 8, stroke: MARK.checkpoint, 'stroke-width': 1.5 }),
      words: 'checkpoint',
    },
  ],
  [
    { swatch: box(FATE.zombie), words: 'verdict: zombie' },
    { swatch: box(FATE.orphan), words: 'orphan' },
    { swatch: box(FATE.stray), words: 'stray or escaped' },
    { swatch: box(FATE.undetermined), words: 'zombie or orphan not determined' },
  ],
]

/** The legend: its height, and how to draw it at a place. */
export const legend = {
  height: rows.length * ROW + 8,
  draw(x0: number, y0: number, width: number): string {
    const out: string[] = []
    rows.forEach((row, r) => {
      const y = y0 + r * ROW + 8
      let x = x0
      for (const entry of row) {
        if (x + 40 + entry.words.length * 6.6 > width) break
        out.push(entry.swatch(x, y), tag('text', { x: x + 28, y: y + 4, 'font-size': 11 }, escapeXml(entry.words)))
        x += 40 + entry.words.length * 6.6
      }
    })
    return tag('g', {}, `<title>legend</title>`, ...out)
  },
}
