// Drawing a run: renderSvg and renderHtmlPage on the report of a real 300-process storm
// (packages/runner/test/fixtures/storm.py), against that run itself, measured in the same run.
// The picture must cost far less than the run it draws.
//
//   node --conditions=@proclife/source --import tsx bench/svg.ts [runs] [renders]
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { renderHtmlPage, renderSvg } from '@proclife/report'
import { runFixture, type RunReport } from '@proclife/runner'

const runs = Number(process.argv[2] ?? 5)
const renders = Number(process.argv[3] ?? 20)
const storm = fileURLToPath(new URL('../packages/runner/test/fixtures/storm.py', import.meta.url))

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const say = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

/** Median wall time of `renders` calls, after 3 warm-ups (JIT). */
function timeRender(fn: () => string): { ms: number; bytes: number } {
  let bytes = 0
  for (let i = 0; i < 3; i++) bytes = fn().length
  const samples: number[] = []
  for (let i = 0; i < renders; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return { ms: median(samples), bytes }
}

await runFixture(storm) // warm-up: compiles the sentinel, resolves python
const runTimes: number[] = []
const svgTimes: number[] = []
const htmlTimes: number[] = []
let last: RunReport | undefined
let bytes = { svg: 0, html: 0 }
for (let i = 0; i < runs; i++) {
  const start = performance.now()
  const report = await runFixture(storm)
  runTimes.push(performance.now() - start)
  if (report.processes.length !== 301) throw new Error(`the storm made ${report.processes.length} processes, not 301`)
  const svg = timeRender(() => renderSvg(report))
  const html = timeRender(() => renderHtmlPage(report))
  svgTimes.push(svg.ms)
  htmlTimes.push(html.ms)
  bytes = { svg: svg.bytes, html: html.bytes }
  last = report
  say(
    `run ${i + 1}/${runs}: ${runTimes.at(-1)!.toFixed(0)} ms, svg ${svg.ms.toFixed(2)} ms, html ${html.ms.toFixed(2)} ms (load ${loadavg()[0]!.toFixed(2)})`,
  )
}

const run = median(runTimes)
const svg = median(svgTimes)
const html = median(htmlTimes)
console.log(`storm of ${last!.processes.length} processes, ${runs} runs, ${renders} renders each (medians)`)
console.log(`| what | ms | × the run |`)
console.log(`|---|---:|---:|`)
console.log(`| the run (runFixture, the baseline) | ${run.toFixed(0)} | 1 |`)
console.log(`| renderSvg (${(bytes.svg / 1024).toFixed(1)} KiB) | ${svg.toFixed(2)} | ${(svg / run).toFixed(4)} |`)
console.log(
  `| renderHtmlPage (${(bytes.html / 1024).toFixed(1)} KiB) | ${html.toFixed(2)} | ${(html / run).toFixed(4)} |`,
)
