import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { discoverInterpreters, InterpreterError, OptionError, runMatrix, type Discovery } from '../src/index.js'
import { fixture } from './helpers/fixtures.js'

// Real interpreters, real runs: this machine's pyenv has 2.7 and 3.6–3.13 (as CI's does); each
// test that needs a version it lacks is skipped, saying which.
const pyenvRoot = process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv')
const pyenvVersions = (() => {
  try {
    return readdirSync(join(pyenvRoot, 'versions'))
  } catch {
    return []
  }
})()
const has = (prefix: string): boolean => pyenvVersions.some((v) => v === prefix || v.startsWith(`${prefix}.`))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-matrix-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let discovered: Promise<Discovery> | undefined
const discovery = (): Promise<Discovery> => (discovered ??= discoverInterpreters())

describe('discoverInterpreters', () => {
  it.skipIf(pyenvVersions.length === 0)(
    'finds every pyenv install, each resolved to its real binary and asked its version, oldest first, the running Node among the Nodes',
    async () => {
      const { interpreters } = await discovery()
      const pythons = interpreters.filter((i) => i.kind === 'python')
      for (const version of pyenvVersions) {
        expect(
          pythons.find((i) => i.version === version),
          version,
        ).toMatchObject({
          path: expect.stringContaining(join('versions', version)),
          sources: expect.arrayContaining(['pyenv']),
        })
      }
      expect(pythons.every((i) => !i.path.includes('/shims/'))).toBe(true)
      const versions = pythons.map((i) => i.version)
      expect(versions).toEqual([...versions].sort((a, b) => a!.localeCompare(b!, 'en', { numeric: true })))
      expect(pythons.filter((i) => i.isDefault)).toHaveLength(1)
      expect(interpreters.find((i) => i.kind === 'node' && i.isDefault)).toMatchObject({
        path: process.execPath,
        version: process.version,
        sources: expect.arrayContaining(['running']),
      })
    },
  )

  it('lists a binary once however many names lead to it, and skips a "python" that does not answer as one, saying why', async () => {
    const real = (await discovery()).interpreters.find((i) => i.kind === 'python')
    const bin = join(scratch, 'bin')
    rmSync(bin, { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(bin))
    if (real) {
      symlinkSync(real.path, join(bin, 'python3.98'))
      symlinkSync(real.path, join(bin, 'python3.99'))
    }
    writeFileSync(join(bin, 'python4'), '#!/bin/sh\necho "not python" >&2\nexit 3\n')
    chmodSync(join(bin, 'python4'), 0o755)
    const { interpreters, skipped } = await discoverInterpreters({
      path: bin,
      pyenvRoot: join(scratch, 'none'),
      asdfDir: join(scratch, 'none'),
      systemDirs: [],
    })
    expect(skipped).toEqual([
      { path: join(bin, 'python4'), why: expect.stringContaining('it exited with status 3 (not python)') },
    ])
    expect(interpreters.filter((i) => i.kind === 'python')).toEqual(
      real ? [expect.objectContaining({ version: real.version, sources: ['PATH'] })] : [],
    )
  })

  it.skipIf(pyenvVersions.length === 0)(
    'asks one binary once however many names lead to it, and asks only the kinds asked for',
    async () => {
      const real = (await discovery()).interpreters.find((i) => i.kind === 'python')!
      const bin = join(scratch, 'counted')
      rmSync(bin, { recursive: true, force: true })
      await import('node:fs/promises').then((fs) => fs.mkdir(bin))
      // A Python that notes each time it is started, under two names.
      const log = join(scratch, 'counted.log')
      writeFileSync(log, '')
      writeFileSync(join(bin, 'counting-python'), `#!/bin/sh\necho started >> ${log}\nexec ${real.path} "$@"\n`)
      chmodSync(join(bin, 'counting-python'), 0o755)
      symlinkSync(join(bin, 'counting-python'), join(bin, 'python3.98'))
      symlinkSync(join(bin, 'counting-python'), join(bin, 'python3.99'))
      const { interpreters } = await discoverInterpreters({
        kinds: ['python'],
        path: bin,
        pyenvRoot: join(scratch, 'none'),
        asdfDir: join(scratch, 'none'),
        systemDirs: [],
      })
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['started'])
      expect(interpreters.map((i) => i.kind)).toEqual(['python'])
    },
  )
})

describe.skipIf(!has('2.7') || !has('3.7') || !has('3.13'))('runMatrix', () => {
  it('runs the fixture on each interpreter and marks what differs from the newest: a SyntaxError on 2.7, a zombie on 3.7', async () => {
    const matrix = await runMatrix(fixture('reaps-from-3-8.py'), {
      python: '2.7,3.7,3.13',
      discovery: await discovery(),
    })
    const rows = matrix.cells.map((c) => ({
      asked: c.asked,
      zombies: c.report?.verdict.zombies,
      exception: c.exception,
      differs: c.differs,
    }))
    expect(rows).toEqual([
      { asked: '2.7', zombies: [], exception: 'SyntaxError: invalid syntax', differs: ['exit'] },
      { asked: '3.7', zombies: ['root.1'], exception: null, differs: ['zombies'] },
      { asked: '3.13', zombies: [], exception: null, differs: [] },
    ])
    expect(matrix.newest?.interpreter?.version).toMatch(/^3\.13\./)
    expect(matrix.cells.map((c) => c.report?.interpreter?.version)).toEqual(
      matrix.cells.map((c) => c.interpreter?.version),
    )
  })

  it('makes bad entries errors of their own rows, and runs the others', async () => {
    const matrix = await runMatrix(fixture('reaps-from-3-8.py'), {
      python: ['3.13', '3.99', '/bin/true', join(scratch, 'missing')],
      discovery: await discovery(),
    })
    expect(matrix.cells.map((c) => [c.asked, c.report === null ? c.error?.summary : c.report.exit.code])).toEqual([
      ['3.13', 0],
      ['3.99', expect.stringMatching(/^No Python 3\.99 was found on this machine \(found: .*3\.13\.\d+.*\)\.$/)],
      ['/bin/true', expect.stringContaining('could not be started')],
      [join(scratch, 'missing'), expect.stringContaining('was not found')],
    ])
    expect(matrix.cells.slice(1).every((c) => c.error instanceof InterpreterError)).toBe(true)
  })

  it('rejects a target that is not Python before anything starts', async () => {
    await expect(runMatrix(['/bin/echo', 'hi'], { python: '3.13', discovery: await discovery() })).rejects.toThrow(
      OptionError,
    )
    await expect(
      runMatrix(fixture('reaps-from-3-8.py'), { python: '3.13', concurrency: 0, discovery: await discovery() }),
    ).rejects.toThrow(/concurrency/)
  })
})
