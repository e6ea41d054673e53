import { escapeXml, visible } from '@proclife/report'
import { scoreChart } from './score-chart.js'
import type { ClassCheck, ClassSubmission, ClassSummary } from './summarize.js'

// The class report: one self-contained page (no script, no file of its own beside it) that a
// teacher opens after grading a class, to see at a glance what most students got wrong.

/**
 * Text from a submission (its folder's name, a detail quoting its output) as HTML: escaped, and
 * control characters shown as escapes ({@link visible}), so that no student's string can shape the page.
 */
function text(value: string): string {
  return escapeXml(visible(value))
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
const percent = (part: number, whole: number): string => `${Math.round((part / Math.max(1, whole)) * 100)}%`

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function headline(summary: ClassSummary): string {
  const scores = summary.submissions.flatMap((s) => (s.score === null ? [] : [s.score]))
  const notGraded = summary.submissions.length - scores.length
  if (scores.length === 0) return `<p>No submission could be graded (${summary.submissions.length} given).</p>`
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length
  const full = scores.filter((s) => s === summary.maxScore).length
  return (
    `<p class="headline">${scores.length} submission${scores.length === 1 ? '' : 's'} graded` +
    `${notGraded > 0 ? `, <strong>${notGraded} not graded</strong> (listed below)` : ''}: ` +
    `mean <strong>${Math.round(mean * 10) / 10}</strong>, median <strong>${median(scores)}</strong> of ${summary.maxScore} points; ` +
    `${full} with full marks.</p>`
  )
}

function checkRow(check: ClassCheck, index: number): string {
  const rate = check.failed / check.graded
  const bar = `<span class="bar"><span style="width:${Math.round(rate * 100)}%"></span></span>`
  const typical =
    check.typical === null
      ? ''
      : `<details${index === 0 ? ' open' : ''}><summary>typical failure (${check.typical.alike} of ${check.failed} read like it), in ${text(check.typical.submission)}: ${text(check.typical.detail)}</summary>` +
        `${check.typical.svg === null ? '<p>(no picture of this run)</p>' : `<div class="picture">${check.typical.svg}</div>`}</details>`
  return (
    `<tr><td><code>${text(check.id)}</code><br><small>${text(check.name)}</small></td>` +
    `<td class="n">${check.maxPoints}</td><td class="n">${check.failed} of ${check.graded}</td><td>${bar} ${percent(check.failed, check.graded)}</td></tr>` +
    (typical ? `<tr class="typical"><td colspan="4">${typical}</td></tr>` : '')
  )
}

function submissionList(
  title: string,
  rows: readonly ClassSubmission[],
  describe: (s: ClassSubmission) => string,
  none: string,
): string {
  const items =
    rows.length === 0
      ? `<p class="none">${none}</p>`
      : `<ul>${rows.map((s) => `<li><strong>${text(s.name)}</strong>: ${describe(s)}</li>`).join('')}</ul>`
  return `<section><h2>${title}</h2>${items}</section>`
}

/**
 * The class report of {@link summarizeClass} as one self-contained HTML page: the distribution of
 * scores, each check's failure rate (most failed first) with a typical failure and the picture of
 * its run, the slowest and the timed-out submissions, the unstable checks, the submissions that
 * could not be graded, and every submission's score, lowest first.
 *
 * @example
 * writeFileSync('class.html', renderClassReport(summarizeClass(lab, outcomes)))
 */
export function renderClassReport(summary: ClassSummary): string {
  const graded = summary.submissions.filter((s) => s.score !== null)
  const slowest = [...graded].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5)
  const timedOut = graded.filter((s) => s.timedOut.length > 0)
  const unstable = summary.checks.filter((c) => c.unstableIn.length > 0)
  const notGraded = summary.submissions.filter((s) => s.score === null)
  // A check nobody failed needs no row of its own: one line names them all.
  const failed = summary.checks.filter((c) => c.failed > 0)
  const passed = summary.checks.filter((c) => c.failed === 0)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${text(summary.title)}: the class</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; max-width: 1100px; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 1.6rem; border-bottom: 1px solid #ddd; }
.headline { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
tr.typical td { border-bottom: 1px solid #ccc; padding-left: 1.5rem; }
.bar { display: inline-block; width: 140px; height: 12px; background: #e8e8e8; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #e0524f; }
details summary { cursor: pointer; color: #444; }
.picture svg { max-width: 100%; height: auto; }
.none { color: #555; }
</style>
</head>
<body>
<h1>${text(summary.title)}</h1>
<p>The class graded against the lab <code>${text(summary.lab)}</code> by <code>proclife grade</code>.</p>
${headline(summary)}
<section><h2>Scores</h2>
${graded.length > 0 ? scoreChart(summary, text) : '<p class="none">No scores.</p>'}
</section>
<section><h2>Checks, most failed first</h2>
<table><thead><tr><th>check</th><th class="n">points</th><th class="n">failed</th><th>failure rate</th></tr></thead>
<tbody>${failed.map(checkRow).join('\n')}</tbody></table>
${passed.length > 0 ? `<p class="all-passed">Every submission passed ${passed.length === 1 ? 'the other check' : `the other ${passed.length} checks`}: ${passed.map((c) => `<code>${text(c.id)}</code>`).join(', ')}.</p>` : ''}
</section>
${submissionList('Slowest submissions', slowest, (s) => `${seconds(s.durationMs)} to grade${s.timedOut.length > 0 ? `; reached the time limit in ${s.timedOut.map(text).join(', ')}` : ''}`, 'None graded.')}
${submissionList('Timed out', timedOut, (s) => `reached the time limit in ${s.timedOut.map(text).join(', ')}: everything it ran was killed there`, 'No submission reached its time limit.')}
<section><h2>Unstable checks</h2>
${
  unstable.length === 0
    ? '<p class="none">None seen: no check passed in one repetition of a run and failed in a later one. Only exercises with <code>repeat</code> in lab.yaml run more than once; <code>proclife prove --repeat</code> looks for unstable checks in the lab itself.</p>'
    : `<ul>${unstable.map((c) => `<li><code>${text(c.id)}</code>: passed, then failed in a later repetition, for ${c.unstableIn.map(text).join(', ')}. Its grade depends on the run (timing, scheduling): look at the check, or at those submissions.</li>`).join('')}</ul>`
}
</section>
${notGraded.length > 0 ? submissionList('Not graded', notGraded, (s) => text(s.error ?? ''), '') : ''}
<section><h2>Every submission, lowest score first</h2>
<table><thead><tr><th>submission</th><th class="n">score</th><th class="n">graded in</th></tr></thead>
<tbody>${[...graded]
    .sort((a, b) => a.score! - b.score! || a.name.localeCompare(b.name))
    .map(
      (s) =>
        `<tr><td>${text(s.name)}</td><td class="n">${s.score}/${summary.maxScore}</td><td class="n">${seconds(s.durationMs)}</td></tr>`,
    )
    .join('')}</tbody></table>
</section>
</body>
</html>
`
}
