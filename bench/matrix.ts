// One seed fixture on every Python of the machine: the matrix in parallel (runMatrix's default,
// one run per core) and one interpreter at a time, against the baseline measured in the same
// run: one run of the fixture on the newest interpreter, repeated N times (N = the interpreters).
//
//   node --conditions=@proclife/source --import tsx bench/matrix.ts [fixture] [rounds]
//   (pnpm bench:matrix; the fixture defaults to fixtures/python/fork-getppid.py, seed 002)
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { discoverInterpreters, runMatrix, runOnInterpreter } from '@proclife/runner'

const fixture = process.argv[2] || fileURLToPath(new URL('../fixtures/python/fork-getppid.py', import.meta.url))
const rounds = Number(process.argv[3] ?? 3)
const discovery = await discoverInterpreters()
const pythons = discovery.interpreters.filter((i) => i.kind === 'python')
const newest = pythons.at(-1)
if (!newest) {
  process.stderr.write('bench/matrix.ts: no Python on this machine\n')
  process.exit(2)
}
const n = pythons.length
const cores = availableParallelism()

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Median wall time of `fn` over the rounds, after one warm-up (sentinel build, page cache). */
async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  await fn()
  const samples: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  const m = median(samples)
  console.log(
    `${label.padEnd(44)} ${(m / 1000).toFixed(2).padStart(7)} s  (median of ${rounds}; load ${loadavg()[0]!.toFixed(1)})`,
  )
  return m
}

console.log(
  `# The matrix of one fixture, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cores} cores`,
)
console.log(`# ${fixture} on ${n} interpreters (${pythons.map((i) => i.version).join(', ')})\n`)
const baseline = await time(`one run on ${newest.version}, × ${n} in a row`, async () => {
  for (let i = 0; i < n; i++) await runOnInterpreter(fixture, newest)
})
const sequential = await time('the matrix, one interpreter at a time', () =>
  runMatrix(fixture, { python: 'all', discovery, concurrency: 1 }),
)
const parallel = await time(`the matrix, ${cores} at once (the default)`, () =>
  runMatrix(fixture, { python: 'all', discovery }),
)
const all = await time(`the matrix, all ${n} at once`, () =>
  runMatrix(fixture, { python: 'all', discovery, concurrency: n }),
)
console.log(
  `\nratio to the baseline: sequential ${(sequential / baseline).toFixed(2)}, ${cores} at once ${(parallel / baseline).toFixed(2)}, all at once ${(all / baseline).toFixed(2)}`,
)
