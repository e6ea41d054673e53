import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { expect, it } from 'vitest'
import { isOwnProcess, ownProcesses, readProcessSync, registerOwnProcess } from '../src/index.js'

// proclife's own processes are known by pid and start time, registered when proclife starts them.
it('knows a registered process by its identity, and no other', async () => {
  const own = spawn('sleep', ['30'], { stdio: 'ignore' })
  const other = spawn('sleep', ['30'], { stdio: 'ignore' })
  try {
    registerOwnProcess(own.pid, "a test's stand-in")
    const info = readProcessSync(own.pid!)!
    expect(isOwnProcess(info)).toBe(true)
    // The same pid with another start time is another process (a recycled pid).
    expect(isOwnProcess({ pid: info.pid, startTicks: info.startTicks + 1 })).toBe(false)
    expect(isOwnProcess(readProcessSync(other.pid!)!)).toBe(false)
    expect(ownProcesses()).toContainEqual({ pid: info.pid, startTicks: info.startTicks, role: "a test's stand-in" })
    registerOwnProcess(undefined, 'a spawn that failed') // nothing to register: no error
  } finally {
    for (const child of [own, other]) {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
  }
})
