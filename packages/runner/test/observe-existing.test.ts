import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { registerOwnProcess } from '@proclife/proctable'
import { afterEach, expect, it } from 'vitest'
import { drawProcesses, observeDescendants } from '../src/index.js'

// What observeDescendants() puts in a report of the test process's descendants: those that existed
// before it (marked), those started meanwhile, and never proclife's own or the ignored.

const started: ChildProcess[] = []
const sleeper = (args: readonly string[] = ['30']): ChildProcess => {
  const child = spawn('sleep', args, { stdio: 'ignore' })
  started.push(child)
  return child
}
afterEach(async () => {
  await Promise.all(
    started.splice(0).map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await once(child, 'exit')
      }
    }),
  )
})

it('holds the descendants that existed before, marked, and judges them like the rest', async () => {
  const before = sleeper()
  const observation = observeDescendants({ settle: 0 })
  const during = sleeper()
  const report = await observation.stop()
  const old = report.process((p) => p.pid === before.pid)
  const young = report.process((p) => p.pid === during.pid)
  expect(old.existedBefore).toBe(true)
  expect(young.existedBefore).toBeUndefined()
  expect(report.process('root').existedBefore).toBeUndefined()
  expect(report.verdict.strays).toEqual([old.id, young.id].sort())
  expect(drawProcesses(report.processes, report, { final: true, pids: false })).toContain(
    `${old.id} sleep  sleep 30  ← started before the observation, stray, still running`,
  )
})

it('a process that existed before and ends during the observation is no stray', async () => {
  const before = sleeper()
  const observation = observeDescendants({ settle: 0 })
  before.kill('SIGTERM')
  await once(before, 'exit')
  const report = await observation.stop()
  expect(report.process((p) => p.pid === before.pid)).toMatchObject({
    existedBefore: true,
    leftover: false,
    reapedBy: 'parent',
  })
  expect(report.verdict.strays).toEqual([])
})

it('leaves out a descendant that was already a zombie: it had ended before the observation', async () => {
  // sleep never waits: the backgrounded `true` stays a zombie under it.
  const holder = spawn('sh', ['-c', 'true & exec sleep 30'], { stdio: 'ignore' })
  started.push(holder)
  const state = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!
  await expect
    .poll(() => readChildren(holder.pid!).length === 1 && state(readChildren(holder.pid!)[0]!) === 'Z', {
      timeout: 10_000,
    })
    .toBe(true)
  const report = await observeDescendants({ settle: 0 }).stop()
  expect(report.processes.map((p) => p.pid)).toEqual([process.pid, holder.pid])
  expect(report.verdict.zombies).toEqual([])
})

it('leaves out ignored processes, by pid or by predicate, with what they start', async () => {
  const byPid = sleeper()
  const shell = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' })
  started.push(shell)
  // The shell's child is there before the observation starts: the predicate sees the shell first.
  await expect.poll(() => readChildren(shell.pid!), { timeout: 10_000 }).toHaveLength(1)
  const kept = sleeper()
  const observation = observeDescendants({ settle: 0, ignore: (p) => p.pid === byPid.pid || p.comm === 'sh' })
  const report = await observation.stop()
  expect(report.processes.map((p) => p.pid)).toEqual([process.pid, kept.pid])
  const pids = await observeDescendants({ settle: 0, ignore: [byPid.pid!, shell.pid!] }).stop()
  expect(pids.processes.map((p) => p.pid)).toEqual([process.pid, kept.pid])
  process.kill(readChildren(shell.pid!)[0]!, 'SIGKILL')
})

it("never holds proclife's own processes, nor what they start, even started during the observation", async () => {
  const observation = observeDescendants({ settle: 0 })
  const own = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' })
  started.push(own)
  registerOwnProcess(own.pid, "a stand-in for the guard's watcher")
  await expect.poll(() => readChildren(own.pid!), { timeout: 10_000 }).toHaveLength(1)
  const user = sleeper()
  const report = await observation.stop()
  expect(report.processes.map((p) => p.pid)).toEqual([process.pid, user.pid])
  process.kill(readChildren(own.pid!)[0]!, 'SIGKILL')
})

it('says what is wrong with a bad ignore, and throws what its predicate throws', async () => {
  expect(() => observeDescendants({ ignore: 'sleep' as never })).toThrow(
    'observeDescendants(): ignore must be a list of pids or a predicate; received "sleep".',
  )
  sleeper()
  expect(() =>
    observeDescendants({
      ignore: () => {
        throw new Error('the predicate broke')
      },
    }),
  ).toThrow('the predicate broke')
  expect(process.env['PROCLIFE_RUN']).toBeUndefined()
  const observation = observeDescendants({
    settle: 0,
    ignoreExisting: true,
    ignore: (p) => {
      if (p.argv?.includes('31')) throw new Error('broke later')
      return false
    },
  })
  sleeper(['31']) // alive at stop() at the latest: the predicate is asked about it
  await expect(observation.stop()).rejects.toThrow('broke later')
  expect(process.env['PROCLIFE_RUN']).toBeUndefined()
})

function readChildren(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()
    return text === '' ? [] : text.split(/\s+/).map(Number)
  } catch {
    return []
  }
}
