import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readProcessSync, registerOwnProcess, type ProcessIdentity } from '@proclife/proctable'
import { GUARD_VARIABLE } from './guard-token.js'
import { ledger } from './spawn-sites.js'

let watcher: ChildProcess | undefined
let started = false

/** The watcher's pid, once started: the guard's own process, never a test's. */
export const watcherPid = (): number | undefined => watcher?.pid

/**
 * Starts, once per worker, the watcher (`watch-worker`): a process of its own session that outlives
 * the worker and, when the worker ends — exits, crashes, is killed or is abandoned by vitest —
 * kills by identity whatever still carries the worker's token. Started only when the worker
 * starts a process, so files that start none pay nothing for it.
 */
export function startWatcher(file: string): void {
  // Set first: the watcher's own spawn goes through the spawn hook, which calls this again.
  if (started) return
  started = true
  const self = readProcessSync(process.pid, { argv: false, uid: false })
  if (!self) return
  const source = import.meta.url.endsWith('.ts')
  const entry = fileURLToPath(new URL(`./watch-worker.${source ? 'ts' : 'js'}`, import.meta.url))
  // From source (this repository), TypeScript runs through tsx's loader, in one process.
  const loader = source
    ? ['--conditions=@proclife/source', '--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : []
  const env = { ...process.env }
  delete env[GUARD_VARIABLE]
  const test = ledger.test
  ledger.test = undefined // not a spawn of the test
  try {
    watcher = spawn(
      process.execPath,
      [...loader, entry, file, String(self.pid), String(self.startTicks), String(self.ppid)],
      { stdio: ['pipe', 'ignore', 'ignore'], detached: true, env },
    )
  } finally {
    ledger.test = test
  }
  registerOwnProcess(watcher.pid, "the leak guard's watcher")
  watcher.on('error', () => {})
  watcher.stdin?.on('error', () => {})
  watcher.unref()
  // Neither the pipe nor the child keeps the worker alive: the pipe's end is the watcher's signal.
  ;(watcher.stdin as unknown as { unref?: () => void } | null)?.unref?.()
}

/** Tells the watcher to leave these processes alone (the guard's `ignore`: known long-lived helpers). */
export function spare(processes: readonly ProcessIdentity[]): void {
  for (const p of processes) watcher?.stdin?.write(`spare ${p.pid} ${p.startTicks}\n`)
}
