import { drawProcesses } from '../picture.js'
import { formatTimeline } from '../timeline.js'
import type { RunReport } from '../types.js'
import { runTitle } from '../program.js'
import { renderSvg, type SvgOptions } from './render-svg.js'
import { escapeXml } from './xml.js'

/**
 * One self-contained HTML page for a run: the picture of {@link renderSvg}, the process tree and
 * the timeline as text (the same words `proclife run` prints). No script, no external file.
 *
 * @example
 * writeFileSync('run.html', renderHtmlPage(report))
 */
export function renderHtmlPage(report: RunReport, options: SvgOptions = {}): string {
  const heading = options.title ?? runTitle(report)
  const tree = drawProcesses(report.processes, report, {
    final: true,
    pids: true,
    ...(report.terminal ? { terminal: report.terminal } : {}),
  })
  const timeline = formatTimeline(report, { limit: Number.POSITIVE_INFINITY })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(heading)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: #f7f7f7; padding: .75rem; overflow-x: auto; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<figure>
${renderSvg(report, options)}
</figure>
<h2>Process tree</h2>
<pre>${escapeXml(tree)}</pre>
<h2>Timeline <small>(~ = sampled, else exact)</small></h2>
<pre>${escapeXml(timeline)}</pre>
</body>
</html>
`
}
