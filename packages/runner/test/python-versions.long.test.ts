import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runFixture } from '../src/index.js'
import { fixture } from './helpers/fixtures.js'

// Every Python 3 that pyenv has here (3.6–3.13 on this project's machines), and the system one:
// the checkpoint helper and the interpreter resolution must work with each, as students' and
// users' machines have any of them. A matrix of the machine's interpreters: in the long suite
// (`npm run test:long`); each-interpreter and the runner's matrix tests run two of them in the fast one.
const pyenvRoot = process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv')
const versions = (() => {
  try {
    return readdirSync(join(pyenvRoot, 'versions'))
      .filter((v) => /^3\.\d+/.test(v))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  } catch {
    return []
  }
})()
const pythons = [
  ...versions.map((v) => [v, join(pyenvRoot, 'versions', v, 'bin', 'python3')] as const),
  ...(existsSync('/usr/bin/python3') ? [['system', '/usr/bin/python3'] as const] : []),
].filter(([, path]) => existsSync(path))

describe.skipIf(pythons.length === 0)('every Python 3 of the machine', () => {
  it.each(pythons)(
    'Python %s: resolved to itself, checkpoints from a child and from a spawned interpreter, an exact adoption',
    async (version, path) => {
      const doubleFork = await runFixture(fixture('double-fork.py'), { interpreters: { python: path } })
      expect(doubleFork.interpreter).toMatchObject({ kind: 'python', path })
      if (version !== 'system') expect(doubleFork.interpreter?.version).toBe(version)
      expect(doubleFork.checkpoints.map((c) => [c.name, c.by])).toEqual([['forked', 'root.1']])
      expect(doubleFork.process('root.1.1')).toMatchObject({
        adopted: true,
        reapedBy: 'reaper',
        exit: { code: 7, signal: null },
      })
      expect(doubleFork.verdict.zombies).toEqual([])

      const spawned = await runFixture(fixture('spawn-checkpoint.py'), { interpreters: { python: path } })
      expect(spawned.stdout).toBe('exit 0\n')
      expect(spawned.checkpoints.find((c) => c.name === 'in-child')?.by).toMatch(/^root\.\d+$/)
    },
  )
})
