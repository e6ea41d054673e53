import { expect, test } from 'vitest'
import { renderTree, subtreeSync, type ProcessInfo } from '../src/index.js'
import { startNamed, startTree } from './helpers/processes.js'

/** The tree fixture with a1 stopped, and labels that name each process by role instead of pid. */
async function stoppedTree() {
  const { root, pids } = await startTree()
  const roles = new Map([...pids].map(([role, pid]) => [pid, role]))
  const a1 = pids.get('a1') ?? 0
  process.kill(a1, 'SIGSTOP')
  try {
    await expect.poll(() => subtreeSync(a1).processes.get(a1)?.state).toBe('T')
    return { snapshot: subtreeSync(root.pid), role: (p: ProcessInfo) => roles.get(p.pid) ?? '?' }
  } finally {
    process.kill(a1, 'SIGCONT')
  }
}

test('draws a tree with states, argv and notes', async () => {
  const { snapshot, role } = await stoppedTree()
  const label = (p: ProcessInfo) => `${p.comm} ${role(p)}`
  expect(renderTree(snapshot, { label })).toMatchInlineSnapshot(`
    "python3 root [sleeping]  /usr/bin/python3 tree.py
    ├─ python3 a [sleeping]  /usr/bin/python3 tree.py
    │  └─ python3 a1 [stopped]  /usr/bin/python3 tree.py
    ├─ python3 z <defunct>
    └─ python3 b [sleeping]  /usr/bin/python3 tree.py"
  `)
  const annotate = (p: ProcessInfo) =>
    p.state === 'Z' ? ['exited with 3', 'not reaped yet'] : p.state === 'T' ? ['stopped by SIGSTOP'] : []
  expect(renderTree(snapshot, { label, annotate, ascii: true })).toMatchInlineSnapshot(`
    "python3 root [sleeping]  /usr/bin/python3 tree.py
    |- python3 a [sleeping]  /usr/bin/python3 tree.py
    |  \`- python3 a1 [stopped]  /usr/bin/python3 tree.py  <- stopped by SIGSTOP
    |- python3 z <defunct>  <- exited with 3, not reaped yet
    \`- python3 b [sleeping]  /usr/bin/python3 tree.py"
  `)
})

test('cuts long argv to the width, never the name, state or notes', async () => {
  const { snapshot, role } = await stoppedTree()
  const annotate = (p: ProcessInfo) => (role(p) === 'b' ? ['forked from a thread'] : [])
  expect(renderTree(snapshot, { label: role, annotate, width: 40 })).toMatchInlineSnapshot(`
    "root [sleeping]  /usr/bin/python3 tree.…
    ├─ a [sleeping]  /usr/bin/python3 tree.…
    │  └─ a1 [stopped]  /usr/bin/python3 tr…
    ├─ z <defunct>
    └─ b [sleeping]  ← forked from a thread"
  `)
})

test('hides pids, states or argv on request, and draws one subtree', async () => {
  const { snapshot, role } = await stoppedTree()
  const a = [...snapshot.processes.values()].find((p) => role(p) === 'a')
  expect(renderTree(snapshot, { pids: false, argv: false })).toMatchInlineSnapshot(`
    "python3 [sleeping]
    ├─ python3 [sleeping]
    │  └─ python3 [stopped]
    ├─ python3 <defunct>
    └─ python3 [sleeping]"
  `)
  expect(renderTree(snapshot, { root: a?.pid ?? 0, pids: false, states: false })).toMatchInlineSnapshot(`
    "python3  /usr/bin/python3 tree.py
    └─ python3  /usr/bin/python3 tree.py"
  `)
  expect(renderTree(snapshot, { root: 0 })).toMatchInlineSnapshot(`"(no processes)"`)
})

test('lets the caller style each part, measuring widths before styling', async () => {
  const { snapshot, role } = await stoppedTree()
  const text = renderTree(snapshot, {
    label: role,
    width: 30,
    decorate: (t, part) => (part === 'name' ? t : `<${part}>${t}</${part}>`),
  })
  expect(text).toMatchInlineSnapshot(`
    "root <state>[sleeping]</state>  <argv>/usr/bin/pyt…</argv>
    ├─ a <state>[sleeping]</state>  <argv>/usr/bin/pyt…</argv>
    │  └─ a1 <state>[stopped]</state>  <argv>/usr/bin/…</argv>
    ├─ z <state><defunct></state>
    └─ b <state>[sleeping]</state>  <argv>/usr/bin/pyt…</argv>"
  `)
})

test('shows control characters as escapes and quotes arguments that need it', async () => {
  const name = "it's\nme"
  const named = await startNamed(name)
  expect(renderTree(subtreeSync(named.pid), { pids: false })).toMatchInlineSnapshot(
    `"it's\\nme [sleeping]  /usr/bin/python3 named.py 'it'\\''s\\nme'"`,
  )
})
