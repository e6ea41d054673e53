import { expect, test } from 'vitest'
import { diffSnapshots, subtreeSync, type ProcessInfo, type Snapshot } from '../src/index.js'
import { startNamed, startTree } from './helpers/processes.js'

const sortedPids = (processes: readonly ProcessInfo[]) => processes.map((p) => p.pid).sort((x, y) => x - y)
const mine = () => subtreeSync(process.pid, { argv: false, uid: false })

test('sees processes appear, change state and vanish', async () => {
  const before = mine()
  const { root, pids } = await startTree()
  const started = mine()
  const b = pids.get('b') ?? 0
  const tree = [...pids.values()].sort((x, y) => x - y)
  expect(diffSnapshots(before, started)).toMatchObject({ vanished: [], changed: [] })
  expect(sortedPids(diffSnapshots(before, started).appeared)).toEqual(tree)

  process.kill(b, 'SIGTERM')
  await expect.poll(() => subtreeSync(b).processes.get(b)?.state).toBe('Z')
  const diff = diffSnapshots(started, mine())
  expect(diff).toMatchObject({ appeared: [], vanished: [] })
  expect(diff.changed).toEqual([
    { pid: b, before: started.processes.get(b), after: expect.anything(), state: { from: 'S', to: 'Z' } },
  ])

  await root.finish()
  const gone = diffSnapshots(started, mine())
  expect(gone).toMatchObject({ appeared: [], changed: [] })
  expect(sortedPids(gone.vanished)).toEqual(tree)
})

test('sees a process rename itself', async () => {
  const named = await startNamed('first')
  const before = subtreeSync(named.pid)
  named.child.stdin?.write('second\n')
  expect(await named.nextLine()).toBe('ready')
  expect(diffSnapshots(before, subtreeSync(named.pid)).changed).toMatchObject([
    { pid: named.pid, comm: { from: 'first', to: 'second' } },
  ])
})

test('a recycled pid is one process vanished and another appeared', () => {
  const p = (startTicks: number, comm: string): ProcessInfo => ({
    pid: 4242,
    ppid: 1,
    pgid: 4242,
    sid: 4242,
    state: 'S',
    comm,
    startTicks,
    startTime: 0,
    threads: 1,
    kernelThread: false,
  })
  const snapshot = (info: ProcessInfo): Snapshot => ({
    takenAt: 0,
    backend: 'proc',
    processes: new Map([[info.pid, info]]),
  })
  const old = p(100, 'old')
  const recycled = p(900, 'new')
  expect(diffSnapshots(snapshot(old), snapshot(recycled))).toEqual({
    appeared: [recycled],
    vanished: [old],
    changed: [],
  })
})
