import { readdirSync, readFileSync } from 'node:fs'
import { spawn, type ChildProcess } from 'node:child_process'
import { expect } from 'vitest'

/** Pid and state of each child of `pid`, read from /proc. */
export function childrenOf(pid: number): { pid: number; state: string }[] {
  const found: { pid: number; state: string }[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) === pid) found.push({ pid: Number(entry), state: fields[0]! })
    } catch {
      // gone
    }
  }
  return found
}

/** Whether a pid is in use now (running, stopped or a zombie). */
export function exists(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/stat`)
    return true
  } catch {
    return false
  }
}

/**
 * Starts `sleep 30` through `sh -c 'true & exec sleep 30'`: the backgrounded `true` exits at once
 * and `sleep`, which never waits, holds it as a zombie. Resolves once the zombie exists.
 */
export async function startZombieHolder(): Promise<{ holder: ChildProcess; zombie: number }> {
  const holder = spawn('sh', ['-c', 'true & exec sleep 30'], { stdio: 'ignore' })
  let zombie = 0
  await expect
    .poll(
      () => {
        zombie = childrenOf(holder.pid!).find((c) => c.state === 'Z')?.pid ?? 0
        return zombie
      },
      { timeout: 5000, interval: 5 },
    )
    .toBeGreaterThan(0)
  return { holder, zombie }
}
