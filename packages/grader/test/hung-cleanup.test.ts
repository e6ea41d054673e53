import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createPidsCgroup, type PidsCgroup } from '../src/index.js'

// A v1 freezer holds a killed process in the kernel until it is thawed: a run whose last process
// cannot leave its cgroup yet (the clean-up of a "hung" copy), made on demand.
const freezerRoot = '/sys/fs/cgroup/freezer'
const probe = createPidsCgroup(4)
const usable = !('why' in probe) && existsSync(join(freezerRoot, 'cgroup.procs')) && process.getuid?.() === 0
if (!('why' in probe)) await probe.remove()

describe('the clean-up of one run never blocks the event loop the other submissions are graded on', () => {
  it.skipIf(!usable)(
    'a process that cannot leave its cgroup yet: removal waits for it without stopping the event loop',
    async () => {
      const pids = createPidsCgroup(4) as PidsCgroup
      const freezer = join(freezerRoot, `proclife-test-${process.pid}-${Date.now().toString(36)}`)
      mkdirSync(freezer)
      const held = spawn(
        'sh',
        [
          '-c',
          'echo $$ > "$1" && echo $$ > "$2" && exec cat',
          'sh',
          join(pids.path, 'cgroup.procs'),
          join(freezer, 'cgroup.procs'),
        ],
        { stdio: ['pipe', 'ignore', 'ignore'] },
      )
      const exited = once(held, 'exit')
      try {
        await expect
          .poll(() => readFileSync(join(freezer, 'cgroup.procs'), 'utf8').trim(), { timeout: 10_000 })
          .toBe(String(held.pid))
        writeFileSync(join(freezer, 'freezer.state'), 'FROZEN')
        await expect
          .poll(() => readFileSync(join(freezer, 'freezer.state'), 'utf8').trim(), { timeout: 10_000 })
          .toBe('FROZEN')

        // remove() SIGKILLs the frozen process, which stays in the cgroup until thawed. The thaw is
        // queued on this event loop: it can only happen while remove() is still trying if remove()
        // lets the loop run (a synchronous wait ran all its attempts first, and left the cgroup).
        let thawedWhileRemoving = false
        const removing = pids.remove()
        setImmediate(() => {
          thawedWhileRemoving = true
          writeFileSync(join(freezer, 'freezer.state'), 'THAWED')
        })
        const killed = await removing
        expect(thawedWhileRemoving).toBe(true)
        expect(killed).toEqual([String(held.pid)])
        expect(existsSync(pids.path)).toBe(false)
        expect(await exited).toEqual([null, 'SIGKILL'])
      } finally {
        writeFileSync(join(freezer, 'freezer.state'), 'THAWED')
        held.kill('SIGKILL')
        await expect
          .poll(() => readFileSync(join(freezer, 'cgroup.procs'), 'utf8').trim(), { timeout: 10_000 })
          .toBe('')
        rmdirSync(freezer)
        if (existsSync(pids.path)) await pids.remove()
      }
    },
  )
})
