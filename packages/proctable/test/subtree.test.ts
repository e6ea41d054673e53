import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { procBackend, readProcessSync, snapshotSync, subtreeSync } from '../src/index.js'
import { PYTHON, start, startTree } from './helpers/processes.js'

test('reads a subtree, including a child forked from a non-main thread', async () => {
  const { root, pids } = await startTree()
  const subtree = subtreeSync(root.pid)
  expect(subtree).toMatchObject({ backend: 'proc', root: root.pid })
  expect([...subtree.processes.keys()].sort((x, y) => x - y)).toEqual([...pids.values()].sort((x, y) => x - y))
  const byRole = (role: string) => subtree.processes.get(pids.get(role) ?? 0)
  expect(byRole('root')?.threads).toBe(2)
  expect(byRole('b')?.ppid).toBe(root.pid)
  // The point of this tree: b is listed under the second thread's children file only.
  expect(readFileSync(`/proc/${root.pid}/task/${root.pid}/children`, 'utf8')).not.toContain(String(pids.get('b')))
  expect(byRole('a1')?.ppid).toBe(pids.get('a'))
  expect(byRole('z')).toMatchObject({ state: 'Z', argv: null })
})

test('the subtree of this process contains its children', async () => {
  const { root, pids } = await startTree()
  const mine = subtreeSync(process.pid, { argv: false, uid: false })
  expect(mine.processes.get(process.pid)).toBeDefined()
  for (const pid of [root.pid, ...pids.values()]) expect(mine.processes.has(pid)).toBe(true)
})

test('the subtree of a pid that does not exist is empty', async () => {
  expect(subtreeSync(2 ** 22 + 1).processes.size).toBe(0)
  expect((await procBackend.subtree(0)).processes.size).toBe(0)
})

test('processes that exit during a read are left out, never an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'proctable-churn-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  const stop = join(dir, 'stop')
  // Forks and reaps short-lived children as fast as it can until the stop file appears.
  const churn = start('/bin/sh', [
    '-c',
    'echo go; while [ ! -e "$1" ]; do /bin/true; (exit 0) & wait; done',
    'sh',
    stop,
  ])
  expect(await churn.nextLine()).toBe('go')
  const seen = new Set<number>()
  for (let i = 0; i < 3000 && seen.size < 20; i++) {
    const subtree = subtreeSync(churn.pid)
    expect(subtree.processes.get(churn.pid)?.comm).toBe('sh')
    for (const pid of subtree.processes.keys()) if (pid !== churn.pid) seen.add(pid)
    if (i % 10 === 0) expect(snapshotSync().processes.has(churn.pid)).toBe(true)
  }
  expect(seen.size).toBeGreaterThanOrEqual(20)
  writeFileSync(stop, '')
  await churn.finish()
  expect(readProcessSync(churn.pid)).toBeUndefined()
})

test('reads a children list longer than one page, and an argv longer than the read buffer', async () => {
  // 1,500 pids take more than 4 KiB in the children file, which the kernel hands out a page at a
  // time; the argv of 2,000 words is longer than the 4 KiB buffer the reader starts with.
  const args = Array.from({ length: 2000 }, (_, i) => `argument-${i}`)
  const wide = start(PYTHON, ['wide.py', '1500', ...args])
  // A bound, not a pace: 1,500 forks take Python a few seconds on a quiet machine of two cores, but up to
  // 30 s when other suites keep both cores busy (measured at a load average of 32).
  expect(await wide.nextLine(100_000)).toBe('ready')
  const subtree = subtreeSync(wide.pid)
  expect(subtree.processes.size).toBe(1501)
  expect(subtree.processes.get(wide.pid)?.argv).toEqual([PYTHON, 'wide.py', '1500', ...args])
  await wide.finish()
}, 180_000)
