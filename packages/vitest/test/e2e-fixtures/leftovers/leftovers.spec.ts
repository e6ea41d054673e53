import { execSync, spawn, spawnSync } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// Each leaking test tells the end-to-end test which pid it leaked (LEAKED_PIDS, one per line).
const leaked = (pid: number | string | undefined): void => appendFileSync(process.env['LEAKED_PIDS']!, `${String(pid).trim()}\n`)

describe.concurrent('side by side', () => {
  // Both tests wait for each other, so they surely overlap.
  let arrived = 0
  let release = (): void => {}
  const together = new Promise<void>((resolve) => {
    release = resolve
  })
  const arrive = (): Promise<void> => {
    if (++arrived === 2) release()
    return together
  }

  it('leaks while another test runs', async () => {
    await arrive()
    leaked(spawn('sleep', ['30'], { stdio: 'ignore' }).pid)
  })

  it('runs beside it and starts nothing', async () => {
    await arrive()
  })
})

it('runs clean after the concurrent tests', () => {
  expect(spawnSync('sh', ['-c', 'echo ok'], { encoding: 'utf8' }).stdout).toBe('ok\n')
})

it('leaks a background job through execSync', () => {
  leaked(execSync('sleep 30 >/dev/null 2>&1 & echo $!', { encoding: 'utf8' }))
})
