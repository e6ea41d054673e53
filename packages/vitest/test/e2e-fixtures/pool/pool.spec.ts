import { execFileSync } from 'node:child_process'
import { expect, it } from 'vitest'
import { Pool } from 'tiny-pool'
import { recordPids } from './record-pids.js'

// As in the pool suites the guard was tried on: the first tests build a pool and never destroy it.
it('runs a task', async () => {
  const pool = new Pool({ size: 2 })
  recordPids(pool)
  expect(await pool.run(21)).toBe(42)
})

it('runs tasks side by side', async () => {
  const pool = new Pool({ size: 2 })
  recordPids(pool)
  expect(await Promise.all([pool.run(1), pool.run(2), pool.run(3)])).toEqual([2, 4, 6])
})

it('retires idle workers', async () => {
  // Its worker retires after 1 s idle and the pool forks another — while a later test runs: that
  // one is this test's too (the guard follows the pool's lineage), never the later test's.
  const pool = new Pool({ size: 1, idleTimeout: 1000 })
  recordPids(pool)
  pool.on('error', () => {})
  expect(await pool.run(3)).toBe(6)
})

// The later tests are clean.
it('destroys its workers', async () => {
  const pool = new Pool({ size: 2 })
  recordPids(pool)
  expect(await pool.run(4)).toBe(8)
  await pool.destroy()
  expect(pool.workers).toEqual([])
})

it('replaces a worker that dies', async () => {
  const pool = new Pool({ size: 1 })
  recordPids(pool)
  const errors: Error[] = []
  pool.on('error', (error: Error) => errors.push(error))
  pool.workers[0]!.kill('SIGKILL')
  await expect.poll(() => errors.length).toBe(1)
  recordPids(pool)
  expect(await pool.run(5)).toBe(10)
  await pool.destroy()
})

it('starts a short helper process', () => {
  expect(execFileSync('sh', ['-c', 'echo ok'], { encoding: 'utf8' })).toBe('ok\n')
})
