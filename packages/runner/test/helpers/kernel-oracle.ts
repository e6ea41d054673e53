/*
 * The kernel's own record of births, execs and exits (packages/runner/tools/proc-events.c on the
 * proc connector), to compare a report with. Root only: the connector needs CAP_NET_ADMIN in the
 * initial user namespace, and it reports the initial pid namespace's pids.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import type { RunReport } from '../../src/index.js'

/** One line of proc-events. */
export type OracleEvent =
  | { ev: 'ready' | 'overrun' }
  | { ev: 'fork'; pid: number; ppid: number }
  | { ev: 'exec'; pid: number }
  | { ev: 'exit'; pid: number; status: number }

/** What the kernel says happened below one sentinel, in the report's terms. */
export interface Genealogy {
  /** `pid<ppid` for every process, sorted. */
  births: string[]
  /** `pid:count` of execs (the root's launch is not counted), sorted. */
  execs: string[]
  /** `pid:waitstatus`, sorted. */
  exits: string[]
}

const source = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'proc-events.c')

/** A running listener. `events` grows as the kernel reports; `stop()` ends it. */
export interface KernelOracle {
  readonly events: OracleEvent[]
  stop(): Promise<void>
}

/** Compiles and starts the listener; resolves `null` when the connector is not available here. */
export async function startKernelOracle(): Promise<KernelOracle | null> {
  if (process.getuid?.() !== 0) return null
  const dir = mkdtempSync(join(tmpdir(), 'proclife-oracle-'))
  const binary = join(dir, 'proc-events')
  await execa(process.env['CC'] ?? 'cc', [
    '-O2',
    '-std=c11',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-D_GNU_SOURCE',
    '-o',
    binary,
    source,
  ])
  const child = execa(binary, [], { stdin: 'pipe', stdout: 'pipe', reject: false, buffer: false })
  const events: OracleEvent[] = []
  const ready = new Promise<boolean>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as OracleEvent
      if (event.ev === 'ready') resolve(true)
      events.push(event)
    })
    void child.then(() => resolve(false))
  })
  const stop = async (): Promise<void> => {
    child.stdin.end() // EOF: it exits by itself
    await child
    rmSync(dir, { recursive: true, force: true })
  }
  if (!(await ready)) {
    await stop()
    return null
  }
  return { events, stop }
}

/**
 * The processes below `sentinel` as the kernel reported them, from the sentinel's own fork on.
 * `null` while the record is not complete yet (the sentinel's exit not seen), or had a gap.
 */
export function genealogyBelow(events: readonly OracleEvent[], sentinel: number, root: number): Genealogy | null {
  let from = -1
  events.forEach((e, i) => {
    if (e.ev === 'fork' && e.pid === sentinel) from = i
  })
  if (from < 0) return null
  const mine = new Set([sentinel])
  const births: string[] = []
  const execs = new Map<number, number>()
  const exits: string[] = []
  for (const e of events.slice(from + 1)) {
    if (e.ev === 'overrun') return null
    if (e.ev === 'fork' && mine.has(e.ppid)) {
      mine.add(e.pid)
      births.push(`${e.pid}<${e.ppid}`)
    } else if (e.ev === 'exec' && mine.has(e.pid) && e.pid !== sentinel) {
      execs.set(e.pid, (execs.get(e.pid) ?? 0) + 1)
    } else if (e.ev === 'exit' && mine.has(e.pid)) {
      mine.delete(e.pid)
      if (e.pid === sentinel) {
        // Every process of the run died before its sentinel did.
        const counted = [...execs].map(([pid, n]) => [pid, pid === root ? n - 1 : n] as const).filter(([, n]) => n > 0)
        return { births: births.sort(), execs: counted.map(([pid, n]) => `${pid}:${n}`).sort(), exits: exits.sort() }
      }
      exits.push(`${e.pid}:${e.status}`)
    }
  }
  return null
}

/** The same from a report. */
export function genealogyOf(report: RunReport): Genealogy {
  const pidOf = new Map(report.processes.map((p) => [p.id, p.pid]))
  const execs = new Map<number, number>()
  for (const e of report.events) {
    if (e.kind !== 'exec' || e.id === null) continue
    const pid = pidOf.get(e.id)!
    execs.set(pid, (execs.get(pid) ?? 0) + 1)
  }
  const status = (exit: RunReport['processes'][number]['exit']): string => {
    if (!exit) return 'unknown'
    if (exit.signal) return String((constants.signals as Record<string, number>)[exit.signal]! | (exit.core ? 0x80 : 0))
    return String((exit.code ?? 0) << 8)
  }
  return {
    births: report.processes.map((p) => `${p.pid}<${p.parents[0]!.pid}`).sort(),
    execs: [...execs].map(([pid, n]) => `${pid}:${n}`).sort(),
    exits: report.processes.map((p) => `${p.pid}:${status(p.exit)}`).sort(),
  }
}
