import { expect, test } from 'vitest'
import {
  ancestorsOf,
  buildTree,
  childrenOf,
  descendantsOf,
  snapshotSync,
  subtreeSync,
  type ProcessInfo,
  type TreeNode,
} from '../src/index.js'
import { startTree } from './helpers/processes.js'

const pidsOf = (processes: readonly ProcessInfo[]) => processes.map((p) => p.pid)

test('arranges a subtree as parent → children, oldest first', async () => {
  const { root, pids } = await startTree()
  const [a = 0, a1 = 0, z = 0, b = 0] = ['a', 'a1', 'z', 'b'].map((role) => pids.get(role) ?? 0)
  const tree = buildTree(subtreeSync(root.pid))
  expect(tree.roots.map((n) => n.process.pid)).toEqual([root.pid])
  const shape = (node: TreeNode): unknown => ({
    pid: node.process.pid,
    depth: node.depth,
    children: node.children.map(shape),
  })
  expect(tree.roots.map(shape)).toEqual([
    {
      pid: root.pid,
      depth: 0,
      children: [
        { pid: a, depth: 1, children: [{ pid: a1, depth: 2, children: [] }] },
        { pid: z, depth: 1, children: [] },
        { pid: b, depth: 1, children: [] },
      ],
    },
  ])
  expect(tree.nodes.size).toBe(5)

  expect(pidsOf(childrenOf(tree, root.pid))).toEqual([a, z, b])
  expect(pidsOf(childrenOf(tree, a1))).toEqual([])
  expect(pidsOf(descendantsOf(tree, root.pid))).toEqual([a, a1, z, b])
  expect(pidsOf(ancestorsOf(tree, a1))).toEqual([a, root.pid])
})

test('works from a whole-table snapshot: PID 1 is a root and an ancestor of everything', async () => {
  const { root, pids } = await startTree()
  const table = snapshotSync()
  const tree = buildTree(table)
  expect(tree.roots[0]?.process.pid).toBe(1)
  expect(tree.nodes.size).toBe(table.processes.size)
  const a1 = pids.get('a1') ?? 0
  const up = pidsOf(ancestorsOf(table, a1))
  expect(up.slice(0, 4)).toEqual([pids.get('a'), root.pid, process.pid, process.ppid])
  expect(up.at(-1)).toBe(1)
  expect(pidsOf(descendantsOf(table, process.pid))).toEqual(expect.arrayContaining([root.pid, ...pids.values()]))
  expect(buildTree(table, root.pid).roots.map((n) => n.process.pid)).toEqual([root.pid])
  expect(buildTree(table, 0).roots).toEqual([])
})

test('keeps every process when ppids form a loop (a pid recycled mid-read)', () => {
  const p = (pid: number, ppid: number, startTicks: number): ProcessInfo => ({
    pid,
    ppid,
    startTicks,
    pgid: pid,
    sid: pid,
    state: 'S',
    comm: `p${pid}`,
    startTime: 0,
    threads: 1,
    kernelThread: false,
  })
  const processes = new Map([p(10, 11, 5), p(11, 10, 6), p(12, 10, 7)].map((info) => [info.pid, info]))
  const tree = buildTree({ takenAt: 0, backend: 'proc', processes })
  expect(tree.nodes.size).toBe(3)
  expect(tree.roots.map((n) => n.process.pid)).toEqual([10])
  expect(pidsOf(descendantsOf(tree, 10))).toEqual([11, 12])
  expect(pidsOf(ancestorsOf(tree, 12))).toEqual([10, 11])
})
