// What reading the process table costs: our /proc reader (whole table and one subtree) against `ps`,
// our ps backend and the npm package ps-list, with 1,000 and then 5,000 extra idle processes.
//
//   pnpm bench:proctable [repetitions]     (node --conditions=@proclife/source --import tsx bench/proctable.ts)
//
// See bench/README.md for what is measured, how, and the figures.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { promisify } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import psList from 'ps-list'
import { psBackend, snapshotSync, subtreeSync } from '@proclife/proctable'
import { IdleTree } from './idle-tree.js'

const REPETITIONS = Number(process.argv[2] ?? 15)
const WARM_UPS = 2
/** Snapshots held at once to measure memory per snapshot (more of the small ones, to rise above noise). */
const HELD = 10
const HELD_SMALL = 400
const SIZES = [1000, 5000] as const
const TREE_FANOUTS = [7, 6] // 1 + 7 + 42 = 50 processes
const TREE_SIZE = 50
/** Pids left free for everything else on the machine while the benchmark runs. */
const PID_MARGIN = 2000
/** Memory one idle Python child costs (measured: about 0.6 MiB private), with room to spare. */
const BYTES_PER_IDLE_PROCESS = 1024 * 1024
const START_BOUND_MS = 120_000
const STOP_BOUND_MS = 60_000

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const execFileAsync = promisify(execFile)

// ---------------------------------------------------------------------------------------------
// Readers

interface Reader {
  readonly name: string
  /** The row of ours that this one is compared with. */
  readonly against?: string
  /** A subtree: small enough to hold `HELD_SMALL` of. */
  readonly small?: boolean
  readonly read: () => unknown
}

/** `ps -eo pid,ppid,stat,lstart,comm`, spawned and parsed into objects: the floor for any ps reader. */
async function plainPs(): Promise<object[]> {
  const { stdout } = await execFileAsync('ps', ['-eo', 'pid,ppid,stat,lstart,comm'], {
    env: { ...process.env, LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  })
  const rows: object[] = []
  const lines = stdout.split('\n')
  for (let i = 1; i < lines.length; i++) {
    const words = (lines[i] ?? '').trim().split(/\s+/)
    if (words.length < 9) continue
    rows.push({
      pid: Number(words[0]),
      ppid: Number(words[1]),
      stat: words[2],
      lstart: words.slice(3, 8).join(' '),
      comm: words.slice(8).join(' '),
    })
  }
  return rows
}

function readers(treeRoot: number): Reader[] {
  const ours = 'ours, full'
  const lean = 'ours, full, {argv:false, uid:false}'
  return [
    { name: ours, read: () => snapshotSync() },
    { name: lean, read: () => snapshotSync({ argv: false, uid: false }) },
    { name: 'ours, subtree of 50', small: true, read: () => subtreeSync(treeRoot) },
    {
      name: 'ours, subtree of 50, {argv:false, uid:false}',
      small: true,
      read: () => subtreeSync(treeRoot, { argv: false, uid: false }),
    },
    { name: '`ps -eo pid,ppid,stat,lstart,comm` + parse', against: lean, read: plainPs },
    { name: 'ps backend, full', against: ours, read: () => psBackend.snapshot() },
    { name: 'ps backend, subtree of 50', against: 'ours, subtree of 50', read: () => psBackend.subtree(treeRoot) },
    { name: 'ps-list 9', against: ours, read: () => psList() },
  ]
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Measure {
  readonly ms: number
  readonly bytesPerSnapshot: number
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2
}

async function measure(reader: Reader): Promise<Measure> {
  for (let i = 0; i < WARM_UPS; i++) await reader.read()
  const samples: number[] = []
  for (let i = 0; i < REPETITIONS; i++) {
    const start = performance.now()
    await reader.read()
    samples.push(performance.now() - start)
  }
  // Memory: heap growth with HELD results alive at once, after full collections on both sides.
  const held: unknown[] = []
  gc()
  const before = process.memoryUsage().heapUsed
  const count = reader.small === true ? HELD_SMALL : HELD
  for (let i = 0; i < count; i++) held.push(await reader.read())
  gc()
  const bytesPerSnapshot = (process.memoryUsage().heapUsed - before) / held.length
  held.length = 0
  return { ms: median(samples), bytesPerSnapshot }
}

// ---------------------------------------------------------------------------------------------
// Room for 5,000 more processes?

function readNumber(path: string): number {
  return Number(readFileSync(path, 'utf8').trim())
}

/** Soft RLIMIT_NPROC (`ulimit -u`), or Infinity. */
function nprocLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max processes'))
  const soft = line?.split(/\s{2,}/)[1]
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft)
}

function checkRoom(extra: number): void {
  // Every thread takes a pid, so count threads, kernel ones included.
  const all = [...snapshotSync({ argv: false, uid: true, kernelThreads: true }).processes.values()]
  const tasks = all.reduce((sum, p) => sum + p.threads, 0)
  const uid = process.getuid?.() ?? 0
  const mine = all.filter((p) => p.uid === uid).reduce((sum, p) => sum + p.threads, 0)
  const pidMax = readNumber('/proc/sys/kernel/pid_max')
  const threadsMax = readNumber('/proc/sys/kernel/threads-max')
  // RLIMIT_NPROC does not bind root (CAP_SYS_RESOURCE / CAP_SYS_ADMIN).
  const nproc = uid === 0 ? Infinity : nprocLimit()
  const available = Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) * 1024
  const problems: string[] = []
  if (tasks + extra + PID_MARGIN > Math.min(pidMax, threadsMax)) {
    problems.push(
      `${tasks} tasks now + ${extra} + a margin of ${PID_MARGIN} exceeds pid_max ${pidMax} / threads-max ${threadsMax}`,
    )
  }
  if (mine + extra + PID_MARGIN > nproc) {
    problems.push(`your ${mine} tasks + ${extra} + ${PID_MARGIN} exceeds \`ulimit -u\` ${nproc}`)
  }
  if (available < extra * BYTES_PER_IDLE_PROCESS + 2 ** 30) {
    problems.push(`${(available / 2 ** 30).toFixed(1)} GiB available is too little for ${extra} idle processes`)
  }
  if (problems.length > 0) {
    throw new Error(
      `not starting ${extra} extra processes: ${problems.join('; ')}. Raise the limit or run on a quieter machine.`,
    )
  }
  console.log(
    `room: ${tasks} tasks now, pid_max ${pidMax}, threads-max ${threadsMax}, ulimit -u ${nproc}, ` +
      `${(available / 2 ** 30).toFixed(1)} GiB available`,
  )
}

// ---------------------------------------------------------------------------------------------
// Report

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`
}

function table(
  results: ReadonlyMap<number, { total: number; rows: Map<string, Measure> }>,
  names: readonly Reader[],
): string {
  const sizes = [...results.keys()]
  const header = ['reader', ...sizes.flatMap((n) => [`ms @${n}`, `× ours @${n}`, `heap/snapshot @${n}`])]
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`]
  for (const reader of names) {
    const cells = [reader.name + (reader.against ? ` (vs ${reader.against})` : '')]
    for (const n of sizes) {
      const rows = results.get(n)?.rows
      const m = rows?.get(reader.name)
      const base = reader.against === undefined ? undefined : rows?.get(reader.against)
      cells.push(m ? m.ms.toFixed(2) : '–')
      cells.push(m && base ? `${(m.ms / base.ms).toFixed(1)}×` : '')
      cells.push(m ? formatBytes(m.bytesPerSnapshot) : '–')
    }
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// Main

const trees: IdleTree[] = []

async function releaseAll(): Promise<void> {
  const results = await Promise.allSettled(trees.splice(0).map((tree) => tree.release(STOP_BOUND_MS)))
  for (const result of results) if (result.status === 'rejected') console.error(result.reason)
}

async function main(): Promise<void> {
  console.log(
    `proctable benchmark — ${new Date().toISOString()}, Node ${process.version}, ` +
      `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${REPETITIONS} repetitions after ${WARM_UPS} warm-ups`,
  )
  checkRoom(SIZES[SIZES.length - 1] ?? 0)

  const results = new Map<number, { total: number; rows: Map<string, Measure> }>()
  let started = performance.now()
  const tree = await IdleTree.start(TREE_FANOUTS, TREE_SIZE, START_BOUND_MS)
  trees.push(tree)
  let extra = TREE_SIZE
  const list = readers(tree.pid)
  for (const size of SIZES) {
    // One more flat tree brings the extra processes up to `size` (its root included).
    const flat = await IdleTree.start([size - extra - 1], size - extra, START_BOUND_MS)
    trees.push(flat)
    extra = size
    console.log(
      `\n${size} extra processes running (started in ${((performance.now() - started) / 1000).toFixed(1)} s), ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    )
    const rows = new Map<string, Measure>()
    const total = snapshotSync({ argv: false, uid: false }).processes.size
    for (const reader of list) {
      const m = await measure(reader)
      rows.set(reader.name, m)
      console.log(`  ${reader.name}: ${m.ms.toFixed(2)} ms, ${formatBytes(m.bytesPerSnapshot)} per snapshot`)
    }
    console.log(
      `  load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    )
    results.set(size, { total, rows })
    started = performance.now()
  }

  const stopping = performance.now()
  for (const t of trees.splice(0)) await t.stop(STOP_BOUND_MS)
  console.log(`\nall extra processes stopped and reaped in ${((performance.now() - stopping) / 1000).toFixed(1)} s`)

  console.log(
    `\nProcesses in the table (without kernel threads): ${[...results].map(([n, r]) => `${r.total} with ${n} extra`).join(', ')}.\n`,
  )
  console.log(table(results, list))

  const big = results.get(5000)?.rows
  const get = (name: string): number => big?.get(name)?.ms ?? NaN
  const ps = get('`ps -eo pid,ppid,stat,lstart,comm` + parse')
  console.log('\nTargets at 5,000:')
  for (const name of ['ours, full', 'ours, full, {argv:false, uid:false}']) {
    const r = ps / get(name)
    console.log(`- ${name} ≥ 3× faster than ps: ${r.toFixed(1)}× — ${r >= 3 ? 'met' : 'MISSED'}`)
    const l = get('ps-list 9') / get(name)
    console.log(`- ${name} faster than ps-list: ${l.toFixed(1)}× — ${l > 1 ? 'met' : 'MISSED'}`)
  }
  for (const name of ['ours, subtree of 50', 'ours, subtree of 50, {argv:false, uid:false}']) {
    const ms = get(name)
    console.log(`- ${name} < 1 ms: ${ms.toFixed(2)} ms — ${ms < 1 ? 'met' : 'MISSED'}`)
  }
}

let interrupted = false
process.on('SIGINT', () => {
  if (interrupted) return
  interrupted = true
  console.error('\ninterrupted: stopping the idle processes')
  void releaseAll().finally(() => process.exit(130))
})

try {
  await main()
} catch (error) {
  process.exitCode = 1
  console.error(error)
} finally {
  await releaseAll()
}
