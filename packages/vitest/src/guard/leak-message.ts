import { relative } from 'node:path'
import { describeLeftRunningRule, formatTimeline, type ProcessRecord, type RunReport } from '@proclife/report'
import { drawTree } from '../format/tree.js'
import type { SpawnSite } from './spawn-sites.js'

/** The leaked processes of one test, as the guard reports them. */
export interface Leak {
  readonly test: string
  readonly report: RunReport
  readonly strays: readonly ProcessRecord[]
  readonly zombies: readonly ProcessRecord[]
  /** Per leaked id, the spawn that started it or its top ancestor. */
  readonly sites: ReadonlyMap<string, SpawnSite>
  /** Per id, what the guard did to it (`killed by the leak guard`). */
  readonly notes: ReadonlyMap<string, readonly string[]>
  /** The guard's `settle`: how long after the test its processes had to end. */
  readonly settle: number
  /** The tests that ran at the same time as this one (`test.concurrent`), this one included. */
  readonly concurrent?: readonly string[]
}

/**
 * The failure message of a test that leaked (or of concurrent tests that did, together): one
 * sentence, the line of each spawn that started what leaked, the tree of what the test started
 * (trimmed to the leaked processes and their ancestors) with each one's state, then the timeline
 * of the leaked processes.
 */
export function leakMessage(leak: Leak): string {
  const { strays, zombies, report } = leak
  const parts: string[] = []
  if (strays.length > 0) parts.push(`${strays.length} ${strays.length === 1 ? 'process' : 'processes'} running (${strays.map((p) => p.id).join(', ')})`)
  if (zombies.length > 0) parts.push(`${zombies.length} ${zombies.length === 1 ? 'zombie' : 'zombies'} unreaped (${zombies.map((p) => p.id).join(', ')})`)
  const ids = [...strays, ...zombies].map((p) => p.id)
  return [
    leak.concurrent === undefined
      ? `The test "${leak.test}" left ${parts.join(' and ')} behind, still there ${describeLeftRunningRule('test', leak.settle)}.`
      : `The tests ${leak.concurrent.map((name) => `"${name}"`).join(', ')} ran concurrently and left ${parts.join(' and ')} behind, still there ${describeLeftRunningRule('test', leak.settle)}; ` +
        'the leak guard cannot tell which of them did (the line that spawned it can), so it fails the last of them to end.',
    ...spawnedAt(leak, ids),
    '',
    'Processes this test started (root is the test process):',
    drawTree(withoutOthers(report, ids), { extraNotes: leak.notes }),
    '',
    `Timeline (${ids.join(', ')}):`,
    formatTimeline(report, { ids }),
  ].join('\n')
}

/** One line per spawn that started a leaked process (or its top ancestor), where it is known. */
function spawnedAt(leak: Leak, ids: readonly string[]): string[] {
  const bySite = new Map<SpawnSite, string[]>()
  for (const id of ids) {
    const site = leak.sites.get(id)
    if (site) bySite.set(site, [...bySite.get(site) ?? [], id])
  }
  return [...bySite].map(([site, leaked]) => {
    const where = site.site === undefined ? 'from code outside the test files' : `at ${relative(process.cwd(), site.site)}`
    return `${leaked.join(', ')} ${leaked.length === 1 ? 'was' : 'were'} started by \`${site.command}\`, spawned ${where}.`
  })
}

/** The report's tree trimmed to the root, the leaked processes and their ancestors. */
function withoutOthers(report: RunReport, ids: readonly string[]): RunReport {
  const keep = new Set(['root'])
  for (const id of ids) {
    const parts = id.split('.')
    for (let i = 1; i <= parts.length; i++) keep.add(parts.slice(0, i).join('.'))
  }
  return { ...report, processes: report.processes.filter((p) => keep.has(p.id)) }
}
