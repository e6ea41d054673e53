import type { ProcessInfo, Snapshot } from './types.js'

/** One process in a `ProcessTree`, with its children. */
export interface TreeNode {
  /** The process. */
  readonly process: ProcessInfo
  /** Its children in the snapshot, oldest first (by start time, then pid). */
  readonly children: readonly TreeNode[]
  /** 0 for a root, 1 for its children, … */
  readonly depth: number
}

/** A snapshot arranged as parent → children. */
export interface ProcessTree {
  /** The snapshot the tree was built from. */
  readonly snapshot: Snapshot
  /**
   * The top processes: the one asked for, or else every process whose parent is not in the snapshot
   * (for a whole table: PID 1, and `kthreadd` if kernel threads were read). Oldest first.
   */
  readonly roots: readonly TreeNode[]
  /** Every node in the tree, by pid. */
  readonly nodes: ReadonlyMap<number, TreeNode>
}

interface Links {
  readonly process: ProcessInfo
  readonly children: Links[]
}

/** Oldest first: by start time, then by pid (start times have a 10 ms resolution). */
function byAge(a: { readonly process: ProcessInfo }, b: { readonly process: ProcessInfo }): number {
  return a.process.startTicks - b.process.startTicks || a.process.pid - b.process.pid
}

/**
 * Arranges a snapshot as a tree.
 *
 * @param rootPid - build only the subtree of this process (no roots if it is not in the snapshot).
 *   By default every process whose parent is missing from the snapshot is a root.
 */
export function buildTree(snapshot: Snapshot, rootPid?: number): ProcessTree {
  const links = new Map<number, Links>()
  for (const process of snapshot.processes.values()) links.set(process.pid, { process, children: [] })
  const tops: Links[] = []
  for (const link of links.values()) {
    const parent = link.process.ppid === link.process.pid ? undefined : links.get(link.process.ppid)
    if (parent) parent.children.push(link)
    else tops.push(link)
  }
  const nodes = new Map<number, TreeNode>()
  if (rootPid !== undefined) {
    const root = links.get(rootPid)
    return { snapshot, roots: root ? [grow(root, 0, nodes)] : [], nodes }
  }
  const roots = tops.sort(byAge).map((top) => grow(top, 0, nodes))
  // A table read over time can hold a parent loop (a pid recycled mid-read). No top reaches it, so
  // its oldest member becomes a root too: nothing read is silently left out.
  for (const link of [...links.values()].sort(byAge)) {
    if (!nodes.has(link.process.pid)) roots.push(grow(link, 0, nodes))
  }
  return { snapshot, roots, nodes }
}

function grow(link: Links, depth: number, nodes: Map<number, TreeNode>): TreeNode {
  const children: TreeNode[] = []
  const node: TreeNode = { process: link.process, children, depth }
  nodes.set(link.process.pid, node)
  for (const child of link.children.sort(byAge)) {
    if (!nodes.has(child.process.pid)) children.push(grow(child, depth + 1, nodes))
  }
  return node
}

function treeOf(source: Snapshot | ProcessTree): ProcessTree {
  return 'roots' in source ? source : buildTree(source)
}

/** The children of `pid`, oldest first (empty if `pid` is not in the snapshot). */
export function childrenOf(source: Snapshot | ProcessTree, pid: number): ProcessInfo[] {
  return (treeOf(source).nodes.get(pid)?.children ?? []).map((node) => node.process)
}

/** Every descendant of `pid`, depth first, each parent before its children, siblings oldest first. */
export function descendantsOf(source: Snapshot | ProcessTree, pid: number): ProcessInfo[] {
  const out: ProcessInfo[] = []
  const pending = [...(treeOf(source).nodes.get(pid)?.children ?? [])].reverse()
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    out.push(node.process)
    pending.push(...[...node.children].reverse())
  }
  return out
}

/**
 * The ancestors of `pid` that are in the snapshot, parent first, up to the first one whose parent
 * is missing (PID 1 for a whole table).
 */
export function ancestorsOf(source: Snapshot | ProcessTree, pid: number): ProcessInfo[] {
  const processes = 'roots' in source ? source.snapshot.processes : source.processes
  const out: ProcessInfo[] = []
  const seen = new Set<number>([pid])
  for (let p = processes.get(processes.get(pid)?.ppid ?? 0); p && !seen.has(p.pid); p = processes.get(p.ppid)) {
    out.push(p)
    seen.add(p.pid)
  }
  return out
}
