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
