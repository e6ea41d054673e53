// The textbook double fork (fork, setsid, fork; the middle process exits at once), run N times
// (default 1,000) with every core busy, two runs at a time: prints each distinct tree shape and how
// often it came. Exact capture must give one shape: root -> root.1 -> root.1.1.
//
//   node --conditions=@proclife/source --import tsx bench/soak-double-fork.ts [runs] [exact|sampled]
import { spawn } from 'node:child_process'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { runFixture, type CaptureMode } from '@proclife/runner'

const runs = Number(process.argv[2] ?? 1000)
const capture = (process.argv[3] ?? 'exact') as CaptureMode
const fixture = fileURLToPath(new URL('../packages/runner/test/fixtures/double-fork-daemon.py', import.meta.url))

const burners = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
)
const shapes = new Map<string, number>()
let done = 0
const started = performance.now()
try {
  const worker = async (): Promise<void> => {
    while (done < runs) {
      done++
      const report = await runFixture(fixture, { capture })
      const shape = report.processes.map((p) => `${p.id}<${p.parents[0]?.id ?? '?'}`).join(' ')
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1)
      if (done % 100 === 0) console.log(`${done} runs, load ${loadavg()[0]!.toFixed(2)}`)
    }
  }
  await Promise.all([worker(), worker()])
} finally {
  for (const burner of burners) burner.kill('SIGKILL') // ours, by handle
}
console.log(
  `\n${runs} runs, capture ${capture}, ${((performance.now() - started) / 1000).toFixed(0)} s, ${burners.length} busy loops:`,
)
for (const [shape, count] of [...shapes].sort((a, b) => b[1] - a[1]))
  console.log(`${String(count).padStart(5)}  ${shape}`)
