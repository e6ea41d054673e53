// The Node fixtures across Node versions: the running Node (20 here and on CI) and Node 22, fetched
// by the set-up from the npm registry (test/setup/second-node.ts) or found on the machine (nvm,
// Volta, …). Where there is no Node 22, its tests are skipped and their names say so.
import { inject } from 'vitest'
import { onInterpreter, startFixture, versionAtLeast } from '@proclife/runner'
import { testEachInterpreter } from '@proclife/vitest/matrix'
import { fixture, HELD_SETTLE } from './helpers.js'

const nodes = [process.execPath, inject('secondNode') || '22']

// Node's globals documentation: `navigator` "Added in: v21.0.0" (nodejs/node#47769, semver-major).
// A pool that sizes itself by navigator.hardwareConcurrency after starting its first worker dies
// of a ReferenceError on 20 while that worker runs: an orphan there, none from 21 on.
await testEachInterpreter(
  'pool-by-cores.mjs: navigator exists from Node 21, so the first worker is orphaned on 20 only',
  nodes,
  async (node, { expect }) => {
    const report = await node.run(fixture('node/pool-by-cores.mjs'))
    if (versionAtLeast(node.version, '21')) {
      expect(report).toExitWith(0)
      expect(report.verdict.orphans).toEqual([])
      await expect(report).toLeaveNoZombies()
      expect(report.process('root.2')).toBeReapedBy('parent')
      expect(report.stdout).toContain('every worker exited')
    } else {
      expect(report).toExitWith(1)
      expect(report.stderr).toMatch(/ReferenceError: navigator is not defined/)
      expect(report.verdict.orphans).toEqual(['root.1'])
      expect(report.process('root.1')).toBeAdoptedByInit()
      expect(report.process('root.1')).toBeReapedBy('reaper')
      expect(report.processes.map((p) => p.id)).toEqual(['root', 'root.1'])
    }
  },
  { concurrent: true, kind: 'node' },
)

// Where no changelog documents a difference, the Nodes agree: the seed equivalents' end states,
// with the child held at its checkpoint as test/node.test.ts holds it, so the order is fixed.
await testEachInterpreter(
  'exit-with-children.mjs: returning waits for the child, process.exit() orphans it, on every Node',
  nodes,
  async (node, { expect }) => {
    const natural = onInterpreter(['node', fixture('node/exit-with-children.mjs'), 'natural'], node.interpreter, {
      holdCheckpoints: ['child-running'],
    })
    const waits = await startFixture(natural.target, natural.options)
    await waits.waitForCheckpoint('child-running')
    expect(waits.view().rootExited).toBe(false)
    waits.release('child-running')
    const joined = await waits.done
    expect(joined.interpreter?.version).toBe(node.version)
    expect(joined.process('root.1')).toBeReapedBy('parent')
    await expect(joined).toLeaveNoOrphans()
    const exit = onInterpreter(['node', fixture('node/exit-with-children.mjs'), 'exit'], node.interpreter, {
      holdCheckpoints: ['child-running'],
      settle: HELD_SETTLE,
    })
    const exits = await startFixture(exit.target, exit.options)
    await exits.waitForCheckpoint('child-running')
    await exits.waitFor((v) => v.rootExited, { description: 'the parent to exit' })
    exits.release('child-running')
    const orphaned = await exits.done
    expect(orphaned.verdict.orphans).toEqual(['root.1'])
    expect(orphaned.process('root.1')).toBeAdoptedByInit()
  },
  { concurrent: true, kind: 'node' },
)
