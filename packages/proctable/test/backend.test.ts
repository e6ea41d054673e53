import { expect, test } from 'vitest'
import { defaultBackend, procBackend, readProcessSync } from '../src/index.js'

test('the default backend on Linux reads /proc', () => {
  expect(defaultBackend()).toBe(procBackend)
  expect(procBackend.name).toBe('proc')
})

test('procBackend gives the synchronous readers an async face', async () => {
  const self = await procBackend.readProcess(process.pid, { argv: false })
  expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid, uid: process.getuid?.() })
  expect(self).not.toHaveProperty('argv')
  expect(await procBackend.readProcess(2 ** 22 + 1)).toBeUndefined()
  expect((await procBackend.snapshot()).processes.get(process.pid)?.startTicks).toBe(
    readProcessSync(process.pid)?.startTicks,
  )
  const subtree = await procBackend.subtree(process.pid)
  expect(subtree).toMatchObject({ backend: 'proc', root: process.pid })
  expect(subtree.processes.has(process.pid)).toBe(true)
})
