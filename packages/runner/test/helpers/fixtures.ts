import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of a fixture under test/fixtures. */
export const fixture = (name: string): string => join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', name)

/** Pids of live (non-zombie) processes whose environment carries `PROCLIFE_RUN=<runId>`. */
export function processesOfRun(runId: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1')
      if (environ.split('\0').includes(`PROCLIFE_RUN=${runId}`)) found.push(Number(entry))
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}
