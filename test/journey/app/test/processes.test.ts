import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { runFixture } from '@proclife/runner'
import { expect, it } from 'vitest'

it('runs a script under the sentinel: the orphan is adopted and reaped by the reaper', async () => {
  const report = await runFixture('scripts/orphan.py')
  await expect(report).toLeaveNoZombies()
  await expect(report).not.toLeaveNoOrphans()
  expect(report.process('root.1')).toBeAdoptedByInit()
  expect(report.process('root.1')).toBeReapedBy('reaper')
  expect(report.checkpoints.map((c) => c.name)).toEqual(['forked'])
})

it('observes a callback: a child that is waited for leaves nothing', async () => {
  const useAChild = async (): Promise<void> => {
    const child = spawn('sh', ['-c', 'exit 3'])
    await once(child, 'exit')
  }
  await expect(useAChild).toLeaveNoStrayProcesses()
  await expect(useAChild).toLeaveNoZombies()
  await expect(useAChild).toHaveSpawned(1)
})
