// CPU cost of the sentinel while it watches 50 live fixture processes, as % of one core.
//
//   node --conditions=@proclife/source --import tsx bench/sentinel-cpu.ts [seconds per run]
//
// The fixture forks 49 idle children and checkpoints once all 50 processes exist; from then on the
// sentinel's own CPU time (utime + stime from /proc/PID/stat, and the ns-precise sum from
// /proc/PID/schedstat) is read before and after a measured window, while the sentinel is alive.
// Runs: a baseline with an interval so long that it never samples; exact capture (the default: the
// tree is traced, so the sentinel has nothing to sample and sets no timer; issue 25's target is at
// most 0.5 % of one core); sampled capture (--no-trace: each 5 ms interval probes the pids
// allocated since the last one, a full walk every 10th), its ticks alone (no periodic walk) and a
// full walk every interval; and both captures while this process starts /bin/true after /bin/true
// (a busy machine: every interval has new pids to probe).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureSentinel, startSentinel, type Sentinel } from '../packages/sentinel/src/index.js'

const seconds = Number(process.argv[2] ?? 5)
const PYTHON = '/usr/bin/python3'
const helpers = new URL('../packages/runner/helpers/python', import.meta.url).pathname
const FIXTURE = [
  'import os, signal',
  'from proclife import checkpoint',
  'for _ in range(49):',
  '    if os.fork() == 0:',
  '        while True: signal.pause()',
  'checkpoint("ready")',
  'while True: signal.pause()',
].join('\n')

interface Cpu {
  ticks: number
  ns: number
}

function cpuOf(pid: number): Cpu {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12]) // utime, stime (fields 14, 15)
  const ns = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0])
  return { ticks, ns }
}

const binary = await ensureSentinel()
const dir = mkdtempSync(join(tmpdir(), 'proclife-bench-sentinel-'))

async function measure(label: string, intervalMs: number, fullEvery: number, trace = true): Promise<number> {
  const sentinel: Sentinel = startSentinel({
    binary,
    argv: [PYTHON, '-c', FIXTURE],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONPATH: helpers, PYTHONDONTWRITEBYTECODE: '1' },
    intervalMs,
    fullEvery,
    trace,
    socketPath: join(dir, `${label}.sock`),
  })
  const hello = await sentinel.hello
  const ready = await sentinel.waitFor((e) => e.ev === 'checkpoint', {
    timeoutMs: 30_000,
    description: 'the 50 processes',
  })
  if (ready.ev !== 'checkpoint' || ready.tree.length !== 50)
    throw new Error(`expected 50 processes, got ${JSON.stringify(ready)}`)
  const before = cpuOf(hello.pid)
  const t0 = performance.now()
  // Measuring a duration is the one place a plain wait is right.
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const after = cpuOf(hello.pid)
  const wall = (performance.now() - t0) / 1000
  sentinel.send({ cmd: 'quit' })
  const bye = await sentinel.waitFor((e) => e.ev === 'bye', { timeoutMs: 30_000, description: 'bye' })
  await sentinel.exited
  const ticksPct = ((after.ticks - before.ticks) / hello.clkTck / wall) * 100
  const nsPct = ((after.ns - before.ns) / 1e9 / wall) * 100
  const counters = bye.ev === 'bye' ? `${bye.samples} samples, ${bye.walks} walks in the whole run` : ''
  console.log(
    `${label.padEnd(42)} ${nsPct.toFixed(2).padStart(6)} % (schedstat)  ${ticksPct.toFixed(2).padStart(6)} % (utime+stime)  ${counters}  load ${loadavg()[0]!.toFixed(1)}`,
  )
  return nsPct
}

console.log(
  `sentinel CPU with 50 live fixture processes, ${seconds} s windows, % of one core, load ${loadavg()[0]!.toFixed(1)}`,
)
try {
  await measure('baseline: interval 1 h', 3_600_000, 10)
  const exact = [await measure('exact capture (the default)', 5, 10)]
  await measure('sampled: 5 ms, full walk every 10', 5, 10, false)
  await measure('sampled: 5 ms ticks only, no periodic walk', 5, 1_000_000, false)
  await measure('sampled: 5 ms, full walk every interval', 5, 1, false)
  // Two chains of /bin/true, each started when the previous one exited (and was reaped by Node).
  let churning = true
  const chain = async (): Promise<void> => {
    while (churning) await once(spawn('/bin/true', { stdio: 'ignore' }), 'exit')
  }
  const chains = [chain(), chain()]
  try {
    exact.push(await measure('exact, machine forking nonstop', 5, 10))
    await measure('sampled, machine forking nonstop', 5, 10, false)
  } finally {
    churning = false
    await Promise.all(chains)
  }
  exact.push(await measure('exact again (noise check)', 5, 10))
  const worst = Math.max(...exact)
  console.log(
    `\ntarget: exact capture at most 0.5 % of one core: ${worst <= 0.5 ? 'met' : 'MISSED'} (worst of its ${exact.length} windows ${worst.toFixed(2)} %)`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
