import { expect, it } from 'vitest'
import { inWindow, pidsBetween, readLastPid, readPidMax } from '../../src/guard/pid-window.js'

it('lists the pids allocated in between, in order', () => {
  expect(pidsBetween(100, 100, 10)).toEqual([])
  expect(pidsBetween(100, 103, 10)).toEqual([101, 102, 103])
  expect(pidsBetween(100, 200, 10)).toBeUndefined()
})

it('follows the pid counter round at pid_max, back to 300', () => {
  const max = readPidMax()
  expect(pidsBetween(max - 3, 301, 10)).toEqual([max - 2, max - 1, 300, 301])
  expect(inWindow(max - 1, max - 3, 301)).toBe(true)
  expect(inWindow(302, max - 3, 301)).toBe(false)
})

it('reads the last pid the kernel handed out, which moves when a process starts', async () => {
  const before = readLastPid()
  expect(before).toBeGreaterThan(0)
  const { execFileSync } = await import('node:child_process')
  execFileSync('true')
  expect(readLastPid()).not.toBe(before)
})
