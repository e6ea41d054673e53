import type { ClassSummary } from './summarize.js'

/** How many submissions scored in each range: one bar per score up to 20 points, else ten ranges. */
export function scoreBins(summary: ClassSummary): { label: string; count: number }[] {
  const scores = summary.submissions.flatMap((s) => (s.score === null ? [] : [s.score]))
  const max = summary.maxScore
  if (max <= 20)
    return Array.from({ length: max + 1 }, (_, v) => ({
      label: String(v),
      count: scores.filter((s) => s === v).length,
    }))
  const width = max / 10
  return Array.from({ length: 10 }, (_, i) => {
    const low = Math.ceil(i * width)
    const high = i === 9 ? max : Math.ceil((i + 1) * width) - 1
    return {
      label: low === high ? String(low) : `${low}–${high}`,
      count: scores.filter((s) => s >= low && s <= high).length,
    }
  })
}

/** The distribution of scores as an SVG bar chart (no script, no font of its own). */
export function scoreChart(summary: ClassSummary, escape: (text: string) => string): string {
  const bins = scoreBins(summary)
  const most = Math.max(1, ...bins.map((b) => b.count))
  const barWidth = 44
  const height = 160
  const top = 18
  const bars = bins.map((b, i) => {
    const h = Math.round((b.count / most) * (height - top))
    const x = 30 + i * (barWidth + 6)
    const y = top + (height - top) - h
    const count =
      b.count > 0
        ? `<text x="${x + barWidth / 2}" y="${y - 4}" text-anchor="middle" font-size="12">${b.count}</text>`
        : ''
    return (
      `<rect x="${x}" y="${y}" width="${barWidth}" height="${h}" fill="#4a7fc1"><title>${b.count} scored ${escape(b.label)}</title></rect>${count}` +
      `<text x="${x + barWidth / 2}" y="${height + 16}" text-anchor="middle" font-size="11">${escape(b.label)}</text>`
    )
  })
  const width = 30 + bins.length * (barWidth + 6) + 10
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height + 36}" viewBox="0 0 ${width} ${height + 36}" font-family="system-ui, sans-serif">` +
    `<title>How many submissions got each score (out of ${summary.maxScore})</title>` +
    `<line x1="26" y1="${height}" x2="${width - 6}" y2="${height}" stroke="#888"/>${bars.join('')}` +
    `<text x="${width / 2}" y="${height + 32}" text-anchor="middle" font-size="11" fill="#555">points out of ${summary.maxScore}</text></svg>`
  )
}
