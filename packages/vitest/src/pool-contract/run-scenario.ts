import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runFixture } from '@proclife/runner'
import type { PoolAdapter } from '@proclife/vitest/pool-adapter'
import type { ScenarioRun } from './clause.js'
import { parseHostLines } from './host-lines.js'

/** The pool's process: plain JavaScript (a loader would add processes of its own to the pool's). */
const HOST = fileURLToPath(new URL('../../helpers/pool/host.mjs', import.meta.url))
/** A Python pool's process, and the folder of its worker-side helper (proclife_pool.py). */
const PYTHON_HOST = fileURLToPath(new URL('../../helpers/pool/host.py', import.meta.url))
const PYTHON_HELPERS = dirname(PYTHON_HOST)

/** Bounds of one scenario's run. */
export interface ScenarioBounds {
  /** The whole run, in ms. */
  readonly timeout: number
  /** How long a process still alive when the pool's process ended may take to end by itself, in ms. */
  readonly settle: number
}

/**
 * Runs one scenario with the pool's process as the fixture, under the sentinel: every birth, exit
 * and reaping of the pool's workers is in the report, in the kernel's order.
 */
export async function runScenario(
  adapter: PoolAdapter,
  scenario: string,
  bounds: ScenarioBounds,
): Promise<ScenarioRun> {
  const python = adapter.language === 'python'
  // The host's socket lives here; removed whatever became of the host (a scenario may kill it).
  const dir = await mkdtemp(join(tmpdir(), 'proclife-pool-'))
  const report = await runFixture(python ? ['python3', PYTHON_HOST] : ['node', HOST], {
    timeout: bounds.timeout,
    settle: bounds.settle,
    env: {
      PROCLIFE_POOL_ADAPTER: python ? adapter.script : adapter.module,
      PROCLIFE_POOL_NAME: adapter.name,
      PROCLIFE_POOL_SCENARIO: scenario,
      PROCLIFE_POOL_DIR: dir,
      ...(python
        ? {
            PROCLIFE_POOL_HAS: declared(adapter).join(','),
            PYTHONPATH: [PYTHON_HELPERS, process.env['PYTHONPATH']].filter(Boolean).join(delimiter),
            PYTHONUNBUFFERED: '1',
          }
        : {}),
    },
  }).finally(() => rm(dir, { recursive: true, force: true }))
  return { scenario, report, host: parseHostLines(report.stdout) }
}

/** What a Python adapter declares, for host.py (which cannot read the adapter object). */
function declared(adapter: PoolAdapter): string[] {
  return [
    ...Object.keys(adapter.tasks),
    ...(adapter.forceTerminate ? ['forceTerminate'] : []),
    ...(adapter.capabilities?.replacesCrashedWorkers === false ? [] : ['replaces']),
  ]
}
