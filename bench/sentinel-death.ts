// A killed sentinel under sampled capture: `PROCLIFE_CAPTURE=sampled proclife run` on a fork storm
// that never ends by itself (300 children, each with a child, all sleeping a minute), its sentinel
// SIGKILLed once 100 of them are alive. Measured: how long the CLI takes to return, and how many of
// the run's processes are alive 5 s after the kill. Targets: the CLI returns within 5 s with its
// one-line error, and nothing is left after 5 s.
//
//   node --conditions=@proclife/source --import tsx bench/sentinel-death.ts [repetitions]
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readProcessSync, signalProcess } from '@proclife/proctable'

const repetitions = Number(process.argv[2] ?? 3)
const root = fileURLToPath(new URL('..', import.meta.url))
const storm = join(root, 'packages/runner/test/fixtures/endless-storm.py')
const bin = join(root, 'packages/cli/src/bin.ts')

/** Live processes of the storm, found by its marker in the environment (each bench run has its own). */
function alive(marker: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readProcessSync(Number(entry))?.state === 'Z') continue
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) found.push(Number(entry))
    } catch {
      /* gone */
    }
  }
  return found
}

/** The CLI's sentinel: its child running the sentinel binary. */
function sentinelOf(cli: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const info = readProcessSync(Number(entry))
    if (info?.ppid === cli && info.comm.startsWith('proclife-sent')) return info.pid
  }
  return undefined
}

console.log(
  `# sentinel SIGKILLed under sampled capture, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, load ${loadavg()[0]!.toFixed(2)}\n`,
)
console.log('| run | CLI returned after | exit | error line | alive at 5 s |')
console.log('|---:|---:|---:|---|---:|')
for (let i = 1; i <= repetitions; i++) {
  const marker = `PROCLIFE_BENCH_STORM=${process.pid}-${i}`
  const cli = spawn(process.execPath, ['--conditions=@proclife/source', '--import', 'tsx', bin, 'run', storm], {
    env: { ...process.env, PROCLIFE_CAPTURE: 'sampled', [marker.split('=')[0]!]: marker.split('=')[1] },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  cli.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const ended = once(cli, 'exit') as Promise<[number | null]>
  // Waits for a state, bounded (60 s), looking every 50 ms.
  let sentinel
  for (
    const start = performance.now();
    performance.now() - start < 60_000;
    await new Promise((resolve) => setTimeout(resolve, 50))
  ) {
    const pid = sentinelOf(cli.pid!)
    if (pid !== undefined && alive(marker).length >= 100) {
      sentinel = readProcessSync(pid)
      break
    }
  }
  if (!sentinel) throw new Error('the storm did not get under way within 60 s')
  const killedAt = performance.now()
  signalProcess(sentinel, 'SIGKILL')
  const [code] = await ended
  const returned = performance.now() - killedAt
  const wait = killedAt + 5000 - performance.now()
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  const left = alive(marker)
  console.log(
    `| ${i} | ${(returned / 1000).toFixed(2)} s | ${code} | ${stderr.trim().split('\n').at(-1)} | ${left.length} |`,
  )
  for (const pid of left) {
    const info = readProcessSync(pid)
    if (info) signalProcess(info, 'SIGKILL')
  }
}
