// Issue 25: is runFixture() with exact capture slower on a storm than the same sentinel driven
// directly (startSentinel, no runner)? Runs one storm shape three ways, interleaved: plain, the
// sentinel driven directly (trace on, the runner's interval and PYTHONPATH), and runFixture (exact,
// settle 0); prints each run's wall time, and the fixture's own part (hello to root-exit) of the
// two sentinel modes apart from the runner's fixed cost before the hello and after the root's exit.
//
//   node --conditions=@proclife/source --import tsx bench/storm-gap.ts [repetitions = 4] [forks|subprocess]
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runFixture } from '@proclife/runner'
import { ensureSentinel, startSentinel } from '../packages/sentinel/src/index.js'
import { phaseMarks } from '../packages/runner/src/run/phase-marks.js'

const repetitions = Number(process.argv[2] ?? 4)
const shape = process.argv[3] ?? 'forks'
const PYTHON = '/usr/bin/python3'
const MODES = ['plain', 'direct', 'runFixture'] as const
type Mode = (typeof MODES)[number]
const dir = mkdtempSync(join(tmpdir(), 'proclife-bench-storm-gap-'))
const script = join(dir, 'storm.py')
writeFileSync(
  script,
  shape === 'forks'
    ? 'import os\nfor _ in range(300):\n    pid = os.fork()\n    if pid == 0:\n        os._exit(0)\n    os.waitpid(pid, 0)\n'
    : "import subprocess\nfor _ in range(100):\n    subprocess.run(['true'])\n",
)
const helpers = fileURLToPath(new URL('../packages/runner/helpers/python', import.meta.url))
const env = { ...(process.env as Record<string, string>), PYTHONPATH: helpers }
const binary = await ensureSentinel()
let sockets = 0

/** One run: its wall time and, for the two sentinel modes, the fixture's part (hello to root-exit), in ms. */
async function once(mode: Mode): Promise<{ wall: number; body?: number; fixed?: number }> {
  const start = performance.now()
  if (mode === 'plain') {
    await new Promise((resolve) => spawn(PYTHON, [script], { env, stdio: 'ignore' }).on('close', resolve))
    return { wall: performance.now() - start }
  }
  if (mode === 'direct') {
    const sentinel = startSentinel({
      binary,
      argv: [PYTHON, script],
      cwd: dir,
      env,
      intervalMs: 5,
      socketPath: join(dir, `socket-${sockets++}`),
      trace: true,
    })
    sentinel.fixtureStdout.resume()
    sentinel.fixtureStderr.resume()
    await sentinel.hello
    const hello = performance.now()
    await sentinel.waitFor((e) => e.ev === 'root-exit', { timeoutMs: 300_000 })
    const body = performance.now() - hello
    await sentinel.close()
    return { wall: performance.now() - start, body }
  }
  const marks: Record<string, number> = {}
  phaseMarks.sink = (phase) => (marks[phase] ??= performance.now())
  await runFixture(script, { capture: 'exact', settle: 0, interpreters: { python: PYTHON }, timeout: 300_000 })
  phaseMarks.sink = undefined
  const wall = performance.now() - start
  const body = marks['root-exit']! - marks['hello']!
  return { wall, body, fixed: wall - body }
}

const ms = (values: number[]): string => values.map((v) => v.toFixed(0)).join(' ')
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!
try {
  const loadBefore = loadavg()[0]!.toFixed(1)
  for (const mode of MODES) await once(mode) // warm-up: caches, the sentinel's build
  const wall: Record<Mode, number[]> = { plain: [], direct: [], runFixture: [] }
  const body: Record<Mode, number[]> = { plain: [], direct: [], runFixture: [] }
  const fixed: number[] = []
  for (let i = 0; i < repetitions; i++)
    for (let k = 0; k < MODES.length; k++) {
      const mode = MODES[(i + k) % MODES.length]!
      const r = await once(mode)
      wall[mode].push(r.wall)
      if (r.body !== undefined) body[mode].push(r.body)
      if (r.fixed !== undefined) fixed.push(r.fixed)
    }
  console.log(`# storm-gap: ${shape}, ${repetitions} repetitions, load ${loadBefore} → ${loadavg()[0]!.toFixed(1)}`)
  for (const mode of MODES)
    console.log(
      `  ${mode.padEnd(11)} wall median ${median(wall[mode]).toFixed(0).padStart(5)} ms   (${ms(wall[mode])})`,
    )
  for (const mode of ['direct', 'runFixture'] as const)
    console.log(
      `  ${mode.padEnd(11)} hello → root-exit median ${median(body[mode]).toFixed(0)} ms   (${ms(body[mode])})`,
    )
  console.log(
    `  runFixture's fixed cost (before the hello, after the root's exit): median ${median(fixed).toFixed(0)} ms`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
