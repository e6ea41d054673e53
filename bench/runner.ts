// Overhead of a run: median wall time of runFixture() on a script that exits at once (exact capture,
// and sampled), against a plain execa launch of the same script, measured in the same run.
//
//   node --conditions=@proclife/source --import tsx bench/runner.ts [repetitions]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { runFixture } from '@proclife/runner'

const repetitions = Number(process.argv[2] ?? 40)
const dir = mkdtempSync(join(tmpdir(), 'proclife-bench-'))
const script = join(dir, 'exit-at-once.sh')
writeFileSync(script, 'exit 0\n')

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn() // warm-up: first compile of the sentinel, JIT, caches
  const samples: number[] = []
  for (let i = 0; i < repetitions; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  const m = median(samples)
  console.log(`${label.padEnd(34)} ${m.toFixed(2).padStart(8)} ms (median of ${repetitions})`)
  return m
}

try {
  console.log(`# Run overhead, ${new Date().toISOString().slice(0, 10)}, node ${process.version}\n`)
  const plain = await time('execa("sh", [script])', () => execa('sh', [script]))
  const run = await time('runFixture(script)', () => runFixture(script, { capture: 'exact' }))
  const runNoSettle = await time('runFixture(script, { settle: 0 })', () => runFixture(script, { settle: 0, capture: 'exact' }))
  const sampled = await time("runFixture(script, { capture: 'sampled' })", () => runFixture(script, { capture: 'sampled' }))
  console.log(`\nadded by runFixture: ${(run - plain).toFixed(2)} ms (×${(run / plain).toFixed(2)} of a plain launch); target ≤ 10 ms`)
  console.log(`with settle: 0:      ${(runNoSettle - plain).toFixed(2)} ms (×${(runNoSettle / plain).toFixed(2)})`)
  console.log(`sampled capture:     ${(sampled - plain).toFixed(2)} ms (×${(sampled / plain).toFixed(2)}); exact costs ${(run - sampled).toFixed(2)} ms more`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
