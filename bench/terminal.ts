// What a terminal costs a run: the same fixtures with `terminal: true` and without, interleaved in
// the same run, the ratio of the medians of runFixture()'s wall time.
//   storm:  a Python script forks 300 children one after another (each exits at once and is
//           reaped): ~900 events, before each of which the sentinel reads the terminal's
//           foreground group (one ioctl). Target: terminal ≤ 1.10× pipes.
//   output: a Python script writes 4 MiB in 64 KiB lines: through the pty and the sentinel's copy
//           to the run's stdout, against a pipe straight to the runner. No target: reported.
//
//   node --conditions=@proclife/source --import tsx bench/terminal.ts [repetitions]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runFixture } from '@proclife/runner'

const repetitions = Number(process.argv[2] ?? 11)
const FORKS = 300
const OUTPUT = 4 * 1024 * 1024
const dir = mkdtempSync(join(tmpdir(), 'proclife-bench-terminal-'))
const storm = join(dir, 'storm.py')
writeFileSync(
  storm,
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
const output = join(dir, 'output.py')
writeFileSync(
  output,
  [
    'import sys',
    'line = "x" * 65535 + "\\n"',
    `for _ in range(${OUTPUT / 65536}):`,
    '    sys.stdout.write(line)',
    '',
  ].join('\n'),
)

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

type Mode = 'terminal' | 'pipes'

async function once(script: string, mode: Mode): Promise<{ ms: number; children: number; bytes: number }> {
  const start = performance.now()
  const report = await runFixture(script, { terminal: mode === 'terminal', settle: 0, maxOutput: OUTPUT * 2 })
  return { ms: performance.now() - start, children: report.processes.length - 1, bytes: report.output.stdoutBytes }
}

try {
  console.log(
    `# what a terminal costs a run, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, load ${loadavg()[0]!.toFixed(2)}\n`,
  )
  for (const [name, script, target] of [
    ['storm', storm, 1.1],
    ['output', output, null],
  ] as const) {
    for (const mode of ['terminal', 'pipes'] as const) await once(script, mode) // warm-up: compile, caches
    const ms: Record<Mode, number[]> = { terminal: [], pipes: [] }
    const seen: Record<Mode, string[]> = { terminal: [], pipes: [] }
    for (let i = 0; i < repetitions; i++) {
      // Interleaved, so that a change in the machine's load hits both alike.
      for (const mode of (i % 2 ? ['pipes', 'terminal'] : ['terminal', 'pipes']) as Mode[]) {
        const r = await once(script, mode)
        ms[mode].push(r.ms)
        seen[mode].push(name === 'storm' ? `${r.children} children` : `${r.bytes} bytes`)
      }
    }
    for (const mode of ['terminal', 'pipes'] as const) {
      console.log(
        `${name.padEnd(7)}${mode.padEnd(9)} ${median(ms[mode]).toFixed(1).padStart(8)} ms (median of ${repetitions}); recorded: ${[...new Set(seen[mode])].join(', ')}`,
      )
    }
    const ratio = median(ms.terminal) / median(ms.pipes)
    console.log(
      `${name}: terminal / pipes ×${ratio.toFixed(2)}${target === null ? '' : ` (target ≤ ${target.toFixed(2)})`}; load now ${loadavg()[0]!.toFixed(2)}\n`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
