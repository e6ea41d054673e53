import { afterAll, expect } from 'vitest'
import '../src/index.js'
import { testEachInterpreter } from '../src/matrix.js'

// The helper with kind: 'node': one test per Node, "Node <version>" in its name; a Node the machine
// lacks is a skipped test. What the tests saw is checked after them all.
const seen: string[] = []
const script = ['node', '-e', 'process.exit(3)']

await testEachInterpreter(
  'exits with 3',
  [process.execPath, '99'],
  async (node, { expect, task }) => {
    seen.push(task.name)
    const report = await node.run(script)
    expect(report.interpreter).toMatchObject({ kind: 'node', path: node.interpreter.path })
    expect(report).toExitWith(3)
  },
  { kind: 'node' },
)

afterAll(() => {
  expect(seen).toEqual([`exits with 3 (Node ${process.version})`])
})
