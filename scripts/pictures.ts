// The pictures of the seed scenarios in fixtures/README.md, one SVG per scenario:
//   pnpm pictures            draws fixtures/pictures/*.svg from the recorded event streams beside
//                            them (fixtures/pictures/streams/*.jsonl): no process runs, so the same
//                            streams give the same bytes and a regeneration diffs clean
//   pnpm pictures --record [names]  runs each scenario's fixture (or the named ones) again under
//                            the sentinel, records its stream, then draws (a new run is a new
//                            story: pids, times, races)
//   pnpm pictures --check    fails when a checked-in picture differs from what its stream draws
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSentinelEvent, renderSvg, replayEvents } from '@proclife/report'
import { startFixture, type FixtureRun, type RunOptions } from '@proclife/runner'

/** One seed scenario: the fixture that tells it, and how the recording drives it. */
interface Scenario {
  readonly name: string
  readonly seed: string
  readonly fixture: string
  readonly args?: readonly string[]
  readonly options?: RunOptions
  /** What a test does while it runs (fork-zombie.py sleeps until it is interrupted). */
  readonly drive?: (run: FixtureRun) => Promise<void>
}

const scenarios: readonly Scenario[] = [
  { name: 'daemon-at-exit', seed: '000', fixture: 'python/daemon-at-exit.py' },
  // The orphans outlive their parents by seconds: the run waits for them, as their tests do.
  { name: 'orphan-chain', seed: '001', fixture: 'python/orphan-chain.py', options: { settle: 5000 } },
  { name: 'orphan-middle-sys-exit', seed: '001', fixture: 'python/orphan-middle-sys-exit.py' },
  { name: 'orphan-main-os-exit', seed: '001', fixture: 'python/orphan-main-os-exit.py', options: { settle: 5000 } },
  { name: 'fork-getppid', seed: '002', fixture: 'python/fork-getppid.py' },
  { name: 'fork-wait', seed: '002', fixture: 'python/fork-wait.py' },
  { name: 'orphan', seed: '002', fixture: 'python/orphan.py', options: { settle: 5000 } },
  {
    name: 'fork-zombie',
    seed: '002',
    fixture: 'python/fork-zombie.py',
    // As the seed's reader does: look at the zombie, then Ctrl-C the parent.
    drive: async (run) => {
      await run.waitFor((v) => v.zombies.includes('root.1'), { description: 'root.1 to be a zombie' })
      run.signal('root', 'SIGINT')
    },
  },
  { name: 'popen-dropped', seed: '003', fixture: 'python/popen-dropped.py', args: ['gc'] },
  { name: 'popen-remedies-wait', seed: '003', fixture: 'python/popen-remedies.py', args: ['wait'] },
  { name: 'create-orphan', seed: '004', fixture: 'python/create-orphan.py', options: { settle: 200 } },
]

const root = fileURLToPath(new URL('..', import.meta.url))
const fixtures = join(root, 'fixtures')
const pictures = join(fixtures, 'pictures')
const streams = join(pictures, 'streams')

/**
 * Runs a scenario and keeps its event stream, made independent of this machine: the interpreter's
 * path becomes its name, the script's path is taken from fixtures/, and the checkpoint socket is
 * one fixed path, so that only the story itself differs between two recordings.
 */
async function record(scenario: Scenario): Promise<void> {
  const file = join(streams, `${scenario.name}.jsonl`)
  const target = scenario.args ? ['python3', scenario.fixture, ...scenario.args] : scenario.fixture
  const run = await startFixture(target, { ...scenario.options, eventLog: file, cwd: fixtures })
  run.closeStdin()
  await scenario.drive?.(run)
  const report = await run.done
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const event = JSON.parse(line) as { socket?: string; argv?: string[] }
      if (event.socket !== undefined) event.socket = '/tmp/proclife-pictures/checkpoint.sock'
      if (event.argv?.[0]?.startsWith('/')) event.argv[0] = basename(event.argv[0])
      if (event.argv)
        event.argv = event.argv.map((a) => (a.startsWith(`${fixtures}/`) ? a.slice(fixtures.length + 1) : a))
      return JSON.stringify(event)
    })
  writeFileSync(file, `${lines.join('\n')}\n`)
  process.stdout.write(
    `recorded ${relative(root, file)}: ${report.processes.length} processes, ${Math.round(report.durationMs)} ms\n`,
  )
}

/** The picture of a recorded stream. */
function draw(scenario: Scenario): string {
  const events = readFileSync(join(streams, `${scenario.name}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map(parseSentinelEvent)
  return renderSvg(replayEvents(events, { options: { ...scenario.options } }))
}

const [mode = 'draw', ...names] = process.argv.slice(2)
const unknown = names.filter((n) => !scenarios.some((s) => s.name === n))
if (
  !['draw', '--record', '--check'].includes(mode) ||
  (names.length > 0 && mode !== '--record') ||
  unknown.length > 0
) {
  process.stderr.write(
    `usage: pnpm pictures [--record [names] | --check]${unknown.length > 0 ? `; no scenario ${unknown.join(', ')} (there are ${scenarios.map((s) => s.name).join(', ')})` : ''}\n`,
  )
  process.exit(2)
}
mkdirSync(streams, { recursive: true })
let stale = 0
for (const scenario of scenarios) {
  if (mode === '--record' && (names.length === 0 || names.includes(scenario.name))) await record(scenario)
  const file = join(pictures, `${scenario.name}.svg`)
  const svg = draw(scenario)
  if (mode === '--check') {
    let old = ''
    try {
      old = readFileSync(file, 'utf8')
    } catch {
      /* missing: stale */
    }
    if (old !== svg) {
      stale++
      process.stderr.write(`${relative(root, file)} is not what its stream draws: run pnpm pictures\n`)
    }
    continue
  }
  writeFileSync(file, svg)
  process.stdout.write(
    `drew ${relative(root, file)} (seed ${scenario.seed}, ${scenario.fixture}${scenario.args ? ` ${scenario.args.join(' ')}` : ''})\n`,
  )
}
process.exit(stale > 0 ? 1 : 0)
