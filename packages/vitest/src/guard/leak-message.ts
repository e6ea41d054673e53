import { relative } from 'node:path'
import { describeLeftRunningRule, formatTimeline, type ProcessRecord, type RunReport } from '@proclife/report'
import { drawTree } from '../format/tree.js'
import { shownPath } from '../picture/picture-file.js'
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
  /** The leaked processes the guard left running, because the test process listens for their exit. */
  readonly left?: readonly string[]
  /** The tests that ran at the same time as this one (`test.concurrent`), this one included. */
  readonly concurrent?: readonly string[]
  /** Where the picture of the leak was written, if it was. */
  readonly picture?: string | null
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
  if (strays.length > 0)
    parts.push(
      `${strays.length} ${strays.length === 1 ? 'process' : 'processes'} running (${strays.map((p) => p.id).join(', ')})`,
    )
  if (zombies.length > 0)
    parts.push(
      `${zombies.length} ${zombies.length === 1 ? 'zombie' : 'zombies'} unreaped (${zombies.map((p) => p.id).join(', ')})`,
    )
  const ids = [...strays, ...zombies].map((p) => p.id)
  return [
    leak.concurrent === undefined
      ? `The test "${leak.test}" left ${parts.join(' and ')} behind, still there ${describeLeftRunningRule('test', leak.settle)}.`
      : `The tests ${leak.concurrent.map((name) => `"${name}"`).join(', ')} ran concurrently and left ${parts.join(' and ')} behind, still there ${describeLeftRunningRule('test', leak.settle)}; ` +
        'the leak guard cannot tell which of them did (the line that spawned it can), so it fails the last of them to end.',
    ...spawnedAt(leak, ids),
    ...leftRunning(leak.left ?? []),
    '',
    'Processes this test started (root is the test process):',
    drawTree(withoutOthers(report, ids), { extraNotes: leak.notes }),
    '',
    `Timeline (${ids.join(', ')}):`,
    formatTimeline(report, { ids }),
    ...(leak.picture ? ['', `Picture of the leak: ${shownPath(leak.picture)}`] : []),
  ].join('\n')
}

/** One line per spawn that started a leaked process (or its top ancestor), where it is known. */
function spawnedAt(leak: Leak, ids: readonly string[]): string[] {
  // Keyed by the words: the spawns of one line (a pool's workers) share one sentence.
  const byLine = new Map<string, string[]>()
  for (const id of ids) {
    const site = leak.sites.get(id)
    if (!site) continue
    const through = site.through === undefined ? '' : ` (through ${relative(process.cwd(), site.through)})`
    const where =
      site.site === undefined
        ? `from code outside the test files${site.through === undefined ? '' : `, at ${relative(process.cwd(), site.through)}`} (no line of the test's own code on its stack: a callback's, or a setup file's)`
        : `at ${relative(process.cwd(), site.site)}${through}`
    const line = `started by \`${site.command}\`, spawned ${where}.`
    byLine.set(line, [...(byLine.get(line) ?? []), id])
  }
  return [...byLine].map(([line, leaked]) => `${leaked.join(', ')} ${leaked.length === 1 ? 'was' : 'were'} ${line}`)
}

/** Why the guard did not kill some of what leaked (docs/adding-to-a-vitest-suite.md, "What the guard kills"). */
function leftRunning(ids: readonly string[]): string[] {
  if (ids.length === 0) return []
  const one = ids.length === 1
  return [
    `The leak guard left ${ids.join(', ')} running: code in the test process listens for ${one ? 'its' : 'their'} exit (a pool's worker, a supervised server), ` +
      `and killing ${one ? 'it' : 'them'} would make that code react during a later test. ${one ? 'It ends' : 'They end'} with the test file ` +
      "(destroy or close the pool in afterEach; `kill: 'all'` kills them anyway).",
  ]
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
