import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readProcessSync, signalProcess } from '@proclife/proctable'

const run = promisify(execFile)

/** Who adopted a deliberate orphan, and how long it took to reap it once it died. */
export interface ReapingMeasurement {
  readonly adopter: { readonly pid: number; readonly comm: string }
  /** ms from the orphan's death to its disappearance from the table; null if not within the bound. */
  readonly reapMs: number | null
}

/**
 * Makes an orphan the way a fixture would (`sh` starts `sleep` in the background and exits), reads
 * who adopted it, kills it (after checking its pid and start time) and times how long the adopter
 * leaves it `<defunct>`. Nothing is left running; a zombie the adopter never reaps is its to keep.
 */
export async function measureReaping(boundMs = 10_000): Promise<ReapingMeasurement> {
  const { stdout } = await run('/bin/sh', ['-c', 'sleep 60 </dev/null >/dev/null 2>&1 & echo $!'], { timeout: 5000 })
  const pid = Number(stdout.trim())
  const orphan = readProcessSync(pid, { argv: false, uid: false })
  if (!orphan) throw new Error('the probe orphan vanished before it could be read')
  const adopter = readProcessSync(orphan.ppid, { argv: false, uid: false })
  signalProcess(orphan, 'SIGKILL')
  const killed = performance.now()
  while (performance.now() - killed < boundMs) {
    const now = readProcessSync(pid, { argv: false, uid: false })
    if (!now || now.startTicks !== orphan.startTicks) {
      return {
        adopter: { pid: orphan.ppid, comm: adopter?.comm ?? '?' },
        reapMs: Math.round(performance.now() - killed),
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return { adopter: { pid: orphan.ppid, comm: adopter?.comm ?? '?' }, reapMs: null }
}
