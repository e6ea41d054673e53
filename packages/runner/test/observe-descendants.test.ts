import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { expect, it } from 'vitest'
import { observeDescendants } from '../src/index.js'

it('records the processes the current process starts, and who was left running', async () => {
  const observation = observeDescendants({ settle: 200 })
  const quick = spawn('sh', ['-c', 'exit 4'], { stdio: 'ignore' })
  const [code] = await once(quick, 'exit')
  expect(code).toBe(4)
  const lingering = spawn('sleep', ['30'], { stdio: 'ignore' })
  await expect.poll(() => lingering.pid !== undefined).toBe(true)
  try {
    const report = await observation.stop()
    expect(report.isolation).toBe('none')
    expect(report.process('root').pid).toBe(process.pid)
    const sleeper = report.process((p) => p.pid === lingering.pid)
    expect(sleeper).toMatchObject({ leftover: true, exitedAt: null })
    expect(report.verdict.strays).toEqual([sleeper.id])
  } finally {
    lingering.kill('SIGKILL')
    await once(lingering, 'exit')
  }
})

it('leaves out the processes that existed before, when asked to', async () => {
  const before = spawn('sleep', ['30'], { stdio: 'ignore' })
  try {
    await expect.poll(() => before.pid !== undefined).toBe(true)
    const observation = observeDescendants({ settle: 0, ignoreExisting: true })
    const during = spawn('sh', ['-c', 'exit 0'], { stdio: 'ignore' })
    await once(during, 'exit')
    const report = await observation.stop()
    expect(report.processes.some((p) => p.pid === before.pid)).toBe(false)
    expect(report.verdict.strays).toEqual([])
  } finally {
    before.kill('SIGKILL')
    await once(before, 'exit')
  }
})

it('tells which report a process record came from', async () => {
  const { reportOf } = await import('../src/index.js')
  const report = await observeDescendants({ settle: 0 }).stop()
  expect(reportOf(report.process('root'))).toBe(report)
  expect(reportOf({ ...report.process('root') })).toBeUndefined()
})
