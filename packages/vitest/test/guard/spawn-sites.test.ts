import { execFileSync, execSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { installSpawnHook, ledger } from '../../src/guard/spawn-sites.js'
import { Pool } from '../e2e-fixtures/pool/node_modules/tiny-pool/index.js'

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
  expect(ledger.spawns[0]!.site).toMatch(/spawn-sites\.test\.ts:34:3$/)
})

it('records nothing between tests, and leaves the environment as it was', () => {
  ledger.test = undefined
  const before = ledger.count
  expect(execFileSync('sh', ['-c', print], { encoding: 'utf8', env: { PATH: process.env['PATH'] } })).toBe('')
  expect(ledger.count).toBe(before + 1)
  expect(ledger.spawns).toEqual([])
})

it("names the test's line past a library under node_modules, with the library's call beside it", async () => {
  ledger.file = fileURLToPath(import.meta.url)
  const pool = new Pool({ size: 1 })
  try {
    expect(ledger.spawns[0]!.site).toMatch(/spawn-sites\.test\.ts:\d+:\d+$/)
    expect(ledger.spawns[0]!.through).toMatch(/e2e-fixtures\/pool\/node_modules\/tiny-pool\/index\.js:13:17$/)
    expect(ledger.spawns[0]!.command).toBe(
      `node ${relative(process.cwd(), fileURLToPath(new URL('../e2e-fixtures/pool/node_modules/tiny-pool/worker.js', import.meta.url)))}`,
    )
  } finally {
    await pool.destroy()
    ledger.file = undefined
  }
})

it("gives a process forked from an earlier test's handle (a pool replacing a worker) that test's token", async () => {
  const pool = new Pool({ size: 1 })
  const errors: Error[] = []
  pool.on('error', (error: Error) => errors.push(error))
  try {
    expect(ledger.spawns).toHaveLength(1)
    ledger.test = 'hook.2'
    ledger.spawns.length = 0
    pool.workers[0]!.kill('SIGKILL')
    await expect.poll(() => errors.length).toBe(1)
    // The replacement was forked during "hook.2", from the exit of hook.1's worker: hook.1's.
    const replacement = pool.workers[0]!
    expect(ledger.spawns).toEqual([])
    expect(readFileSync(`/proc/${replacement.pid}/environ`, 'latin1').split('\0')).toContain('PROCLIFE_GUARD=hook.1')
  } finally {
    await pool.destroy()
  }
})
