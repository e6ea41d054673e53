// What exact group capture costs a fixture: the seccomp filter that traps setpgid/setsid
// (packages/sentinel/c/seccomp.c), against the same traced run without it
// (--no-exact-groups), measured in the same run, alternating.
//
//   node --conditions=@proclife/source --import tsx bench/exact-groups.ts [rounds] [calls]
//
// The fixture times its own loops (perf_counter_ns), so launching and settling do not dilute the
// figures: (1) `calls` getppid() calls, a system call the filter lets through inside the kernel
// (its cost on every call a fixture makes); (2) calls/100 setpgid(0, 0) calls, each of which the
// filter stops twice for the sentinel (entry and return) — the cost of an exact group change.
// Prints the median ns per call of each, with and without the filter, and their ratios.
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import { ensureSentinel, startSentinel } from '../packages/sentinel/src/index.js'

const rounds = Number(process.argv[2] ?? 5)
const calls = Number(process.argv[3] ?? 200_000)
const PYTHON = '/usr/bin/python3'
const FIXTURE = [
  'import os, sys, time',
  'n = int(sys.argv[1])',
  'getppid = os.getppid',
  't = time.perf_counter_ns()',
  'for _ in range(n): getppid()',
  'plain = (time.perf_counter_ns() - t) / n',
  'm = n // 100',
  't = time.perf_counter_ns()',
  'for _ in range(m): os.setpgid(0, 0)',
  'group = (time.perf_counter_ns() - t) / m',
  'print(plain, group)',
].join('\n')

const binary = await ensureSentinel()
const dir = mkdtempSync(join(tmpdir(), 'proclife-bench-groups-'))

/** ns per getppid() and per setpgid() in one traced run, with or without the group filter. */
async function once(exactGroups: boolean): Promise<[number, number]> {
  const sentinel = startSentinel({
    binary,
    argv: [PYTHON, '-c', FIXTURE, String(calls)],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    intervalMs: 5,
    socketPath: join(dir, 'checkpoint.sock'),
    exactGroups,
  })
  const hello = await sentinel.hello
  if (hello.capture !== 'exact')
    throw new Error(`this bench needs exact capture; the sentinel says: ${hello.captureReason ?? 'sampled'}`)
  sentinel.fixtureStdin.end()
  const out = text(sentinel.fixtureStdout)
  await sentinel.waitFor((e) => e.ev === 'root-exit', { timeoutMs: 300_000, description: 'the fixture to finish' })
  sentinel.send({ cmd: 'quit' })
  await sentinel.exited
  const [plain, group] = (await out).trim().split(' ').map(Number)
  if (!Number.isFinite(plain) || !Number.isFinite(group)) throw new Error(`unexpected fixture output: ${await out}`)
  return [plain!, group!]
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

console.log(
  `exact group capture: ${calls} getppid() and ${calls / 100} setpgid(0, 0) per run, ${rounds} rounds, traced both ways`,
)
const runs = { with: [] as [number, number][], without: [] as [number, number][] }
try {
  for (let i = 0; i < rounds; i++) {
    runs.without.push(await once(false))
    runs.with.push(await once(true))
    console.log(`round ${i + 1}: load ${loadavg()[0]!.toFixed(1)}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const row = (label: string, k: 0 | 1): void => {
  const off = median(runs.without.map((r) => r[k]))
  const on = median(runs.with.map((r) => r[k]))
  console.log(
    `${label.padEnd(36)} ${off.toFixed(0).padStart(8)} ns without the filter  ${on.toFixed(0).padStart(8)} ns with it  ratio ${(on / off).toFixed(2)}`,
  )
}
row('getppid() (let through by the filter)', 0)
row('setpgid(0, 0) (stopped for the sentinel)', 1)
