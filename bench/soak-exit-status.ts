// The exit-status soak: the textbook double fork and the 300-child storm (300 simultaneous exits),
// N runs each (default 1,000) with exact capture, every core busy and J runs at a time. Counts the
// runs in which any process of the record has no exit status (a lost status) or not the one the
// script gives it. Each failing run's sentinel event stream is kept for a replay test.
//
//   node --conditions=@proclife/source --import tsx bench/soak-exit-status.ts [runs] [jobs] [--only double-fork|storm]
//
// Each run may take 120 s (a storm forks slowly under ptrace at load 30). Prints one line per
// fixture (`lost: N of M runs`) and exits 1 on any lost or wrong status.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runFixture, type RunReport } from '@proclife/runner'

const args = process.argv.slice(2)
const onlyAt = args.indexOf('--only')
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined
const runs = Number(args[0] ?? 1000)
const jobs = Number(args[1] ?? 3)
/** Progress every this many runs. */
const every = Math.max(1, Math.min(100, Math.round(runs / 20)))
const fixtures = fileURLToPath(new URL('../packages/runner/test/fixtures/', import.meta.url))

interface Case {
  readonly name: string
  readonly script: string
  /** The exit code the script gives a process of the record (by label), or a reason it is wrong. */
  readonly expected: (report: RunReport) => string | null
}

const problem = (report: RunReport, want: (id: string) => number): string | null => {
  for (const p of report.processes) {
    if (p.id === 'reaper') continue
    if (!p.exit) return `${p.id} has no exit status`
    if (p.exit.code !== want(p.id)) return `${p.id} exited ${JSON.stringify(p.exit)}, not code ${want(p.id)}`
  }
  return null
}

const all: Case[] = [
  {
    name: 'double-fork',
    script: join(fixtures, 'double-fork-daemon.py'),
    expected: (r) => (r.processes.length !== 3 ? `${r.processes.length} processes, not 3` : problem(r, () => 0)),
  },
  {
    name: 'storm',
    script: join(fixtures, 'storm.py'),
    // storm.py: child i exits with i % 7; the children are labelled root.1 … root.300 in fork order.
    expected: (r) =>
      r.processes.length !== 301
        ? `${r.processes.length} processes, not 301`
        : problem(r, (id) => (id === 'root' ? 0 : (Number(id.split('.')[1]) - 1) % 7)),
  },
]
const cases = all.filter((c) => !only || c.name === only)

const dir = mkdtempSync(join(tmpdir(), 'proclife-soak-status-'))
const keep = mkdtempSync(join(tmpdir(), 'proclife-soak-status-failed-'))
const burners = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
)
// Ctrl-C: the busy loops are ours to stop (the runs' sentinels end their trees when we go).
process.once('SIGINT', () => {
  for (const burner of burners) burner.kill('SIGKILL')
  process.exit(130)
})
let failed = 0
try {
  console.log(
    `# exit-status soak: ${runs} runs each, ${jobs} at a time, ${burners.length} busy loops, load ${loadavg()[0]!.toFixed(2)}\n`,
  )
  for (const c of cases) {
    let next = 0
    let lost = 0
    const started = performance.now()
    const worker = async (w: number): Promise<void> => {
      while (next < runs) {
        const i = next++
        const log = join(dir, `${c.name}-${w}.jsonl`)
        const report = await runFixture(c.script, { capture: 'exact', timeout: 120_000, eventLog: log })
        const why = c.expected(report)
        if (why) {
          lost++
          const kept = join(keep, `${c.name}-${i}.jsonl`)
          writeFileSync(kept, readFileSync(log))
          console.log(`  run ${i}: ${why} (stream: ${kept})`)
        }
        if ((i + 1) % every === 0)
          console.log(`  ${c.name}: ${i + 1} runs, ${lost} lost, load ${loadavg()[0]!.toFixed(2)}`)
      }
    }
    await Promise.all(Array.from({ length: jobs }, (_, w) => worker(w)))
    failed += lost
    console.log(`${c.name}: lost: ${lost} of ${runs} runs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
  }
} finally {
  for (const burner of burners) burner.kill('SIGKILL') // ours, by handle
  rmSync(dir, { recursive: true, force: true })
}
if (failed === 0) rmSync(keep, { recursive: true, force: true })
process.exitCode = failed ? 1 : 0
