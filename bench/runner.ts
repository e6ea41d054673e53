// Overhead of a run: wall time of runFixture() on a script that exits at once (exact capture, and
// sampled) against a plain execa launch of the same script, interleaved in one process, and where
// a run's time goes: the runner marks its phases (an internal hook, read only by this bench).
//
//   node --conditions=@proclife/source --import tsx bench/runner.ts [rounds]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { runFixture } from '@proclife/runner'
import { phaseMarks, type RunPhase } from '../packages/runner/src/run/phase-marks.js'

const rounds = Number(process.argv[2] ?? 40)
const TARGET_MS = 5
const dir = mkdtempSync(join(tmpdir(), 'proclife-bench-'))
const script = join(dir, 'exit-at-once.sh')
writeFileSync(script, 'exit 0\n')

/** What each phase is, in the order a run passes them; each mark ends the phase named after it. */
const phases: ReadonlyArray<readonly [RunPhase | 'returned', string]> = [
  ['target', 'options, target and interpreter resolution'],
  ['build-check', "the sentinel's build check (source hash, cache)"],
  ['spawn', 'environment, spawn of the sentinel'],
  ['run-made', 'the Run object (streams, listeners)'],
  ['hello', "until the sentinel's hello"],
  ['root-exit', 'the run itself, until the root exited'],
  ['settle-walk', "settle: the fresh walk's round trip"],
  ['settled', 'settle: the rest'],
  ['cleanup', 'the cleanup command'],
  ['escapes', 'the search for escaped processes'],
  ['bye', "quit, until the sentinel's bye"],
  ['quit', 'the sentinel exited (and its pipes closed)'],
  ['output', "the fixture's output streams ended"],
  ['report', 'building the report'],
  ['sentinel-gone', "the sentinel's exit, once more"],
  ['socket-removed', "removing the run's socket (what is left)"],
  ['returned', 'until runFixture resolved'],
]

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const load = (): string => loadavg()[0]!.toFixed(2)

type Breakdown = Map<string, number>
/** One run's time, and its phases (ms each; a phase passed twice counts both). */
async function timed(fn: () => Promise<unknown>): Promise<{ ms: number; phases: Breakdown }> {
  const breakdown: Breakdown = new Map()
  let last = 0
  phaseMarks.sink = (phase) => {
    const now = performance.now()
    if (phase !== 'start') breakdown.set(phase, (breakdown.get(phase) ?? 0) + now - last)
    last = now
  }
  const start = performance.now()
  last = start
  try {
    await fn()
  } finally {
    phaseMarks.sink = undefined
  }
  const end = performance.now()
  breakdown.set('returned', end - last)
  return { ms: end - start, phases: breakdown }
}

const ways = {
  plain: () => execa('sh', [script]),
  exact: () => runFixture(script, { capture: 'exact' }),
  sampled: () => runFixture(script, { capture: 'sampled' }),
} as const
type Way = keyof typeof ways
const order: Way[] = ['plain', 'exact', 'sampled']

try {
  console.log(
    `# Run overhead, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${rounds} rounds, interleaved (load ${load()})\n`,
  )
  for (const way of order) for (let i = 0; i < 3; i++) await ways[way]() // warm-up: the sentinel's build, JIT, caches
  const results = new Map<Way, Array<{ ms: number; phases: Breakdown }>>(order.map((way) => [way, []]))
  for (let round = 0; round < rounds; round++) {
    // Rotate the order, so that no way always runs right after another.
    for (let k = 0; k < order.length; k++) {
      const way = order[(round + k) % order.length]!
      results.get(way)!.push(await timed(ways[way]))
    }
  }
  const ms = (way: Way): number => median(results.get(way)!.map((r) => r.ms))
  const plain = ms('plain')
  const exact = ms('exact')
  const sampled = ms('sampled')
  console.log(`execa('sh', [script])                       ${plain.toFixed(2).padStart(7)} ms`)
  console.log(
    `runFixture(script, { capture: 'exact' })    ${exact.toFixed(2).padStart(7)} ms  ×${(exact / plain).toFixed(2)}`,
  )
  console.log(
    `runFixture(script, { capture: 'sampled' })  ${sampled.toFixed(2).padStart(7)} ms  ×${(sampled / plain).toFixed(2)}`,
  )
  console.log(`(medians of ${rounds}; load ${load()})\n`)

  console.log(`where a run's time goes (median ms of each phase; the medians need not add up to the total):`)
  console.log(`${'phase'.padEnd(66)} ${'exact'.padStart(7)} ${'sampled'.padStart(8)}`)
  for (const [phase, words] of phases) {
    const of = (way: Way): string => {
      const values = results
        .get(way)!
        .map((r) => r.phases.get(phase))
        .filter((v): v is number => v !== undefined)
      return values.length === 0 ? '—' : median(values).toFixed(2)
    }
    console.log(`${`${phase}: ${words}`.padEnd(66)} ${of('exact').padStart(7)} ${of('sampled').padStart(8)}`)
  }

  const over = exact - plain
  console.log(
    `\nadded by runFixture (exact): ${over.toFixed(2)} ms (×${(exact / plain).toFixed(2)} of a plain launch); target ≤ ${TARGET_MS} ms: ${over <= TARGET_MS ? 'met' : 'MISSED'}`,
  )
  console.log(
    `added by runFixture (sampled): ${(sampled - plain).toFixed(2)} ms; exact costs ${(exact - sampled).toFixed(2)} ms more than sampled`,
  )
  console.log(`load average (1 min) at the end: ${load()}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
