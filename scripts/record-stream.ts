// Records the sentinel's event stream of one run, for the report core's replay tests:
//   node --conditions=@proclife/source --import tsx scripts/record-stream.ts <script> <out.jsonl> [settle ms]
// The stream is the run's raw material; `replayEvents` from @proclife/report rebuilds its report.
import { runFixture } from '@proclife/runner'

const [script, out, settle] = process.argv.slice(2)
if (!script || !out) {
  process.stderr.write('usage: record-stream.ts <script> <out.jsonl> [settle ms]\n')
  process.exit(2)
}
const report = await runFixture(script, {
  eventLog: out,
  ...(settle ? { settle: Number(settle), killAfter: Number(settle) } : {}),
})
process.stdout.write(`${out}: ${report.processes.length} processes, verdict ${JSON.stringify(report.verdict)}\n`)
