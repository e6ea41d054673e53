import { expect, test } from 'vitest'
import { formatIdentity, identityOf, isSameProcess, readProcessSync } from '../src/index.js'
import { startNamed, startZombie } from './helpers/processes.js'

test('a process is the same while it lives, and not once its pid is gone', async () => {
  const child = await startNamed('identity')
  const info = readProcessSync(child.pid)
  if (!info) throw new Error('the child should be running')
  const identity = identityOf(info)
  expect(identity).toEqual({ pid: child.pid, startTicks: info.startTicks })
  expect(formatIdentity(identity)).toBe(`${child.pid}@${info.startTicks}`)
  expect(isSameProcess(identity)).toBe(true)
  expect(isSameProcess(info)).toBe(true)
  // Same pid, another start time: what a recycled pid looks like.
  expect(isSameProcess({ pid: child.pid, startTicks: info.startTicks + 1 })).toBe(false)
  await child.finish()
  expect(isSameProcess(identity)).toBe(false)
})

test('a zombie is still the same process', async () => {
  const { parent, zombie } = await startZombie()
  const info = readProcessSync(zombie)
  expect(info && isSameProcess(info)).toBe(true)
  await parent.finish()
  expect(info && isSameProcess(info)).toBe(false)
})
