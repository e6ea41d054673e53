import { execFile, spawnSync } from 'node:child_process'

/** How a probe command ended: its exit status (null: it could not start, or was killed) and what it said. */
export interface ProbeResult {
  readonly status: number | null
  /** Its stderr, or why it could not start. */
  readonly said: string
}

/**
 * Runs a short probe command without blocking the event loop (a grade in progress keeps its
 * timers and checkpoints); it is killed after `timeout` ms.
 */
export function probeCommand(argv: readonly string[], timeout = 5000, cwd?: string): Promise<ProbeResult> {
  return new Promise((done) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { encoding: 'utf8', timeout, ...(cwd ? { cwd } : {}) },
      (error, _stdout, stderr) => {
        const { code, signal } = (error ?? {}) as { code?: unknown; signal?: string | null }
        const status = error === null ? 0 : typeof code === 'number' ? code : null
        // Not started (ENOENT): why; killed (the timeout): what it said, or the signal.
        const said =
          status === null && !signal ? error!.message : stderr.trim() || (status === null ? `killed by ${signal}` : '')
        done({ status, said: said.trim() })
      },
    )
  })
}

/** {@link probeCommand}, waiting: for the callers that are synchronous (`proclife doctor`), never the grading path. */
export function probeCommandSync(argv: readonly string[], timeout = 5000, cwd?: string): ProbeResult {
  const probe = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout, ...(cwd ? { cwd } : {}) })
  return { status: probe.status, said: (probe.error?.message ?? probe.stderr ?? '').trim() }
}
