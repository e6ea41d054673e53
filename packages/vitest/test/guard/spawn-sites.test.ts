import { execFileSync, execSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { installSpawnHook, ledger } from '../../src/guard/spawn-sites.js'

beforeEach(() => {
  installSpawnHook()
  ledger.test = 'hook.1'
  ledger.spawns.length = 0
})
afterEach(() => {
  ledger.test = undefined
})

const print = 'printf %s "$PROCLIFE_GUARD"'

it('gives each spawn of a test its own token, inherited, even with an env of its own', async () => {
  expect(execFileSync('sh', ['-c', print], { encoding: 'utf8' })).toBe('hook.1.1')
  expect(execSync(print, { encoding: 'utf8', env: { PATH: process.env['PATH'] } })).toBe('hook.1.2')
  const child = spawn('sh', ['-c', print], { stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  await once(child, 'close')
  expect(out).toBe('hook.1.3')
  expect(ledger.spawns.map((s) => s.index)).toEqual([1, 2, 3])
  expect(ledger.spawns[2]!.pid).toBe(child.pid)
})

it('names the line that spawned, in the test file', () => {
  execFileSync('true')
  expect(ledger.spawns[0]!.command).toBe('true')
  expect(ledger.spawns[0]!.site).toMatch(/spawn-sites\.test\.ts:30:3$/)
})

it('records nothing between tests, and leaves the environment as it was', () => {
  ledger.test = undefined
  const before = ledger.count
  expect(execFileSync('sh', ['-c', print], { encoding: 'utf8', env: { PATH: process.env['PATH'] } })).toBe('')
  expect(ledger.count).toBe(before + 1)
  expect(ledger.spawns).toEqual([])
})
