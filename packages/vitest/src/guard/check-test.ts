import type { ProcessRecord } from '@proclife/report'
// The bound alone, not the report core: a test that started something loads no more than it needs.
import { SETTLE_MS } from '@proclife/report/settle'
import { findStarted, type StartedProcess } from './find-started.js'
import { LeakError, type GuardedTest, type IgnoreRule, type LeakGuardOptions } from './leak-guard.js'
import { readLastPid } from './pid-window.js'
import { handleOf } from './lineage.js'
import { isWatched, type SpawnSite } from './spawn-sites.js'
import { spare } from './worker-watcher.js'

const commandLine = (p: { readonly argv?: readonly string[] | null; readonly comm: string }): string =>
  p.argv && p.argv.length > 0 ? p.argv.join(' ') : p.comm

const patterns = (rules: readonly IgnoreRule[]): RegExp[] => rules.filter((r): r is RegExp => r instanceof RegExp)
const predicates = (rules: readonly IgnoreRule[]): ((p: ProcessRecord) => boolean)[] =>
  rules.filter((r): r is (p: ProcessRecord) => boolean => !(r instanceof RegExp))

/**
 * After a test that started a process: looks for what it left, waits (bounded by `settle`) for it
 * to end, and fails the test (after killing what is left, by identity) if it did not. Loaded only
 * when a test started something.
 */
export async function checkTest(
  test: GuardedTest,
  spawns: readonly SpawnSite[],
  name: string,
  task: unknown,
  rules: readonly IgnoreRule[],
  options: LeakGuardOptions,
): Promise<void> {
  const regexps = patterns(rules)
  // proclife's own processes (the guard's watcher among them) are left out by findStarted itself.
  const exclude = new Set<number>()
  const wanted = (p: StartedProcess): boolean => {
    if (!regexps.some((r) => r.test(commandLine(p.info)))) return options.zombies !== false || p.info.state !== 'Z'
    spare([p.info]) // a helper the user lets live: not the watcher's to kill either
    return false
  }
  const search = (): StartedProcess[] =>
    findStarted({ from: test.from, to: readLastPid(), token: test.token, exclude }).filter(wanted)
  // The one rule for "left running" (SETTLE_MS in @proclife/report): the end of the test is the
  // event; what is still there `settle` ms later is a leak. A look every `interval` ms (Node has no
  // pidfd), so a test whose processes have all ended pays one look.
  const settle = options.settle ?? SETTLE_MS
  const deadline = performance.now() + settle
  let found = search()
  while (found.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, options.interval ?? 5))
    found = search()
  }
  if (found.length === 0) return
  const [{ leakReport }, { leakMessage }, { killLeftovers }, { recordLeakPicture }] = await Promise.all([
    import('./leak-report.js'),
    import('./leak-message.js'),
    import('./kill-leftovers.js'),
    import('./record-picture.js'),
  ])
  const report = leakReport({
    token: test.token,
    startedAt: new Date(Date.now() - (performance.now() - test.t0)),
    durationMs: performance.now() - test.t0,
    t0: test.t0,
    spawns,
    found,
  })
  const skip = predicates(rules)
  const ours = (p: ProcessRecord): boolean => p.id !== 'root' && !skip.some((rule) => rule(p))
  spare(report.processes.filter((p) => p.id !== 'root' && !ours(p)))
  const strays = report.processes.filter((p) => p.leftover && p.exitedAt === null && ours(p))
  const zombies = report.processes.filter((p) => p.exitedAt !== null && p.reapedAt === null && ours(p))
  if (strays.length === 0 && zombies.length === 0) return
  const sites = new Map<string, SpawnSite>()
  for (const p of [...strays, ...zombies]) {
    const spawn = found.find((f) => f.info.pid === p.pid && f.info.startTicks === p.startTicks)?.spawn
    const site = spawn === null || spawn === undefined ? undefined : spawns[spawn - 1]
    if (site) sites.set(p.id, site)
  }
  // What the test process still listens to (a pool's workers) is left to it (see `kill`): a
  // process whose own handle has a listener, or that descends from such a spawn.
  const watchedSpawns = new Set(spawns.filter((s) => isWatched(s.child)).map((s) => s.index))
  const leftAlone = (spawn: number | null | undefined, pid: number): boolean =>
    options.kill !== 'all' &&
    ((spawn !== null && spawn !== undefined && watchedSpawns.has(spawn)) || isWatched(handleOf(pid)))
  const left = options.kill === false ? [] : strays.filter((p) => leftAlone(sites.get(p.id)?.index, p.pid))
  const outcomes = options.kill === false ? [] : await killLeftovers(strays.filter((p) => !left.includes(p)))
  // Started meanwhile by what was just killed: end it too, before the next test.
  if (options.kill !== false) {
    const more = search().filter(
      (p) =>
        !leftAlone(p.spawn, p.info.pid) &&
        !report.processes.some((r) => r.pid === p.info.pid && r.startTicks === p.info.startTicks),
    )
    await killLeftovers(more.map((p) => ({ ...p.info, id: '' })))
  }
  // The report again, with what was killed drawn as killed by the leak guard: the picture and the
  // text then say it in the same words (the report core's notes), ids unchanged.
  const killed = outcomes.filter((o) => o.outcome === 'killed').map((o) => strays.find((p) => p.id === o.id)!)
  const final =
    killed.length === 0
      ? report
      : leakReport({
          token: test.token,
          startedAt: new Date(report.startedAt),
          durationMs: report.durationMs,
          t0: test.t0,
          spawns,
          found,
          killed,
        })
  const notes = new Map<string, string[]>()
  for (const o of outcomes) if (o.outcome === 'survived') notes.set(o.id, ['survived SIGKILL from the leak guard'])
  for (const p of left) notes.set(p.id, ['left running: the test process listens for its exit'])
  // execSync and execFileSync never tell the pid of what they ran: its report record has pid 0,
  // and the picture says what it was instead.
  for (const [id, site] of sites) {
    const top = report.processes.find((p) => p.id === id.split('.').slice(0, 2).join('.'))
    const note = `a synchronous child: ${site.sync} does not tell its pid`
    if (site.sync !== undefined && site.sync !== 'spawnSync' && top?.pid === 0 && !notes.get(top.id)?.includes(note))
      notes.set(top.id, [...(notes.get(top.id) ?? []), note])
  }
  const picture = await recordLeakPicture(task, final)
  const leaked = (list: readonly ProcessRecord[]): ProcessRecord[] =>
    final.processes.filter((p) => list.some((q) => q.id === p.id))
  throw new LeakError(
    leakMessage({
      test: name,
      report: final,
      strays: leaked(strays),
      zombies: leaked(zombies),
      sites,
      notes,
      settle,
      left: left.map((p) => p.id),
      picture,
      ...(test.concurrent ? { concurrent: test.concurrent } : {}),
    }),
    final,
    [...strays, ...zombies].map((p) => p.id),
  )
}
