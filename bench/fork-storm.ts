// A 300-fork storm, traced against sampled: median wall time of runFixture() on a Python script
// that forks 300 children one after another (each exits at once and is reaped by it), with
// capture "exact" and "sampled" interleaved in the same run. Target: exact ≤ 1.25× sampled.
//
//   node --conditions=@proclife/source --import tsx bench/fork-storm.ts [repetitions]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runFixture, type CaptureMode } from '@proclife/runner'

const repetitions = Number(process.argv[2] ?? 15)
const FORKS = 300
const dir = mkdtempSync(join(tmpdir(), 'proclife-bench-storm-'))
const script = join(dir, 'storm.py')
writeFileSync(
  script,
  [
    'import os',
    `for _ in range(${FORKS}):`,
    '    pid = os.fork()',
    '    if pid == 0:',
    '        os._exit(0)',
    '    os.waitpid(pid, 0)',
    '',
  ].join('\n'),
)

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function once(capture: CaptureMode): Promise<{ ms: number; seen: number }> {
  const start = performance.now()
  const report = await runFixture(script, { capture, settle: 0 })
  return { ms: performance.now() - start, seen: report.processes.length - 1 }
}

try {
  console.log(
    `# ${FORKS}-fork storm, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, load ${loadavg()[0]!.toFixed(2)}\n`,
  )
  for (const capture of ['exact', 'sampled'] as const) await once(capture) // warm-up: compile, caches
  const samples: Record<CaptureMode, number[]> = { exact: [], sampled: [] }
  const seen: Record<CaptureMode, number[]> = { exact: [], sampled: [] }
  for (let i = 0; i < repetitions; i++) {
    // Interleaved, so that a change in the machine's load hits both alike.
    for (const capture of (i % 2 ? ['sampled', 'exact'] : ['exact', 'sampled']) as CaptureMode[]) {
      const r = await once(capture)
      samples[capture].push(r.ms)
      seen[capture].push(r.seen)
    }
  }
  for (const capture of ['exact', 'sampled'] as const) {
    const counts = seen[capture]
    console.log(
      `${capture.padEnd(8)} ${median(samples[capture]).toFixed(1).padStart(8)} ms (median of ${repetitions}); children recorded: ${Math.min(...counts)}–${Math.max(...counts)} of ${FORKS}`,
    )
  }
  const ratio = median(samples.exact) / median(samples.sampled)
  console.log(`\nexact / sampled: ×${ratio.toFixed(2)} (target ≤ 1.25); load now ${loadavg()[0]!.toFixed(2)}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
