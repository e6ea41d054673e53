import { fileURLToPath } from 'node:url'
import type { ProcessRecord, RunReport } from '@proclife/runner'

/** Absolute path of a fixture under `fixtures/`, e.g. `fixture('python/orphan.py')`. */
export function fixture(path: string): string {
  return fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url))
}

/** An argv target running a Python fixture with arguments (`runFixture` resolves `python3`). */
export function python(path: string, ...args: string[]): string[] {
  return ['python3', fixture(`python/${path}`), ...args]
}

/** An argv target running a Node fixture with arguments, on the Node that runs the tests. */
export function node(path: string, ...args: string[]): string[] {
  return [process.execPath, fixture(`node/${path}`), ...args]
}

/** The lines of a report's stdout, without empty ones. */
export function lines(report: RunReport): string[] {
  return report.stdout.split('\n').filter((line) => line !== '')
}

/** The processes whose argv contains `text` (e.g. `'resource_tracker'`). */
export function byArgv(report: { readonly processes: readonly ProcessRecord[] }, text: string): ProcessRecord[] {
  return report.processes.filter((p) => (p.argv ?? []).join(' ').includes(text))
}

/** The state of process `id` in the tree recorded at checkpoint `name`. */
export function stateAt(report: RunReport, name: string, id: string): string | undefined {
  const record = report.checkpoints.find((c) => c.name === name)
  if (!record)
    throw new TypeError(`no checkpoint ${name}; recorded: ${report.checkpoints.map((c) => c.name).join(', ')}`)
  return record.processes.find((p) => p.id === id)?.state
}

/**
 * `settle` for a run whose test releases a held checkpoint after the root has exited: the settle
 * period starts when the root exits, so it must outlast the test's own steps however loaded the
 * machine is. It is a bound: the run settles as soon as every process has ended.
 */
export const HELD_SETTLE = 15_000
