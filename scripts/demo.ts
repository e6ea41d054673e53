// The README's first command: runs a seed fixture under the harness and prints what happened
// to every process: the tree, the timeline, the verdict. (The `proclife run` CLI will replace it.)
//
//   npm run demo [-- fixture-path]
import { styleText } from 'node:util'
import { drawProcesses, formatTimeline, formatVerdict, ProclifeError, runFixture } from '@proclife/runner'

const colour = process.stdout.isTTY && !process.env['NO_COLOR']
const bold = (s: string): string => (colour ? styleText('bold', s) : s)
const target = process.argv[2] ?? 'fixtures/python/orphan.py'

try {
  if (colour) process.stderr.write(`running ${target} under the sentinel…\n`)
  // A long settle: the seed's orphan outlives its parent by three seconds and should end by itself.
  const report = await runFixture(target, { settle: 10_000 })
  console.log(`${bold('run')}      ${report.command.join(' ')}`)
  console.log(`${bold('reaper')}   ${report.reaper.kind} (pid ${report.reaper.pid}), isolation ${report.isolation}`)
  console.log(`${bold('exit')}     ${report.exit.signal ?? `code ${report.exit.code}`} after ${report.durationMs.toFixed(0)} ms\n`)
  console.log(drawProcesses(report.processes, report.reaper.pid, { final: true }))
  if (report.stdout) console.log(`\n${bold('stdout')}\n${report.stdout.trimEnd()}`)
  console.log(`\n${bold('timeline')} (~ = sampled)\n${formatTimeline(report)}`)
  console.log(`\n${bold('verdict')}  ${formatVerdict(report)}`)
} catch (error) {
  if (!(error instanceof ProclifeError)) throw error
  console.error(`proclife: ${error.message}`)
  process.exitCode = 2
}
