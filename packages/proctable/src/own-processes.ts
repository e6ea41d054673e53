import { readProcessSync } from './linux/read-process.js'
import type { ProcessIdentity } from './types.js'

// proclife's own processes — the leak guard's watcher, a run's sentinel, an interpreter probe, the
// reaper probe — are children of the test process like the code under test's. Every API that
// reports on the test process's descendants (observe, the callback-form matchers,
// observeDescendants, the leak guard) leaves them out, with whatever they start, by their identity:
// the pid and start time read right after proclife started them, never their name or command line.
//
// The registry lives on `globalThis`: a test process may load this module twice (from its
// TypeScript source through vitest and from `dist` through a dependency), and both copies must
// see one registry.

/** One of proclife's own processes, as registered by {@link registerOwnProcess}. */
export interface OwnProcess extends ProcessIdentity {
  /** What it is, for a reader of the registry (`the leak guard's watcher`); never used to match. */
  readonly role: string
}

const keyOf = (p: ProcessIdentity): string => `${p.pid}@${p.startTicks}`

const REGISTRY = Symbol.for('@proclife/proctable/own-processes')
type Registry = Map<string, OwnProcess>

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry }
  holder[REGISTRY] ??= new Map()
  return holder[REGISTRY]
}

/** Entries past this many are dropped once their process has ended (a long suite starts thousands of runs). */
const PRUNE_ABOVE = 256

/**
 * Records a process proclife itself just started (call it right after the spawn, while the child
 * cannot have been reaped yet: its pid is still its own). Does nothing when `pid` is `undefined`
 * (the spawn failed) or the process is already gone.
 */
export function registerOwnProcess(pid: number | undefined, role: string): void {
  if (pid === undefined) return
  const info = readProcessSync(pid, { argv: false, uid: false })
  if (!info) return
  const own = registry()
  if (own.size >= PRUNE_ABOVE) {
    for (const [key, p] of own)
      if (readProcessSync(p.pid, { argv: false, uid: false })?.startTicks !== p.startTicks) own.delete(key)
  }
  own.set(keyOf(info), { pid: info.pid, startTicks: info.startTicks, role })
}

/** Whether `process` (by pid and start time) is one of proclife's own, registered by {@link registerOwnProcess}. */
export function isOwnProcess(process: ProcessIdentity): boolean {
  return registry().has(keyOf(process))
}

/** proclife's own processes registered in this process (some may have ended since). */
export function ownProcesses(): readonly OwnProcess[] {
  return [...registry().values()]
}
