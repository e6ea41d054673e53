import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { appendFileSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'

// A long-lived helper started before the tests: not any test's leak.
let server: ChildProcess
beforeAll(() => {
  server = spawn('sleep', ['30'], { stdio: 'ignore' })
})
afterAll(async () => {
  server.kill()
  await once(server, 'exit')
})

it('leaks a detached child', () => {
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' })
  child.unref()
  // The end-to-end test checks afterwards that this pid was killed.
  if (process.env['LEAKED_PIDS']) appendFileSync(process.env['LEAKED_PIDS'], `${child.pid}\n`)
})

it('runs clean after the leak', async () => {
  const child = spawn('sleep', ['0'], { stdio: 'ignore' })
  const [code] = await once(child, 'exit')
  expect(code).toBe(0)
})

it('may leave a process the guard was told to ignore', () => {
  const child = spawn('sleep', ['31'], { detached: true, stdio: 'ignore' })
  child.unref()
  if (process.env['IGNORED_PIDS']) appendFileSync(process.env['IGNORED_PIDS'], `${child.pid}\n`)
})

it('leaves a zombie behind', async () => {
  // sleep never waits: the backgrounded `true` stays a zombie under it.
  const holder = spawn('sh', ['-c', 'true & exec sleep 30'], { stdio: 'ignore' })
  const children = (): string => readFileSync(`/proc/${holder.pid}/task/${holder.pid}/children`, 'utf8').trim()
  const state = (pid: string): string => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!
  await expect.poll(() => children() !== '' && state(children()) === 'Z').toBe(true)
  if (process.env['LEAKED_PIDS']) appendFileSync(process.env['LEAKED_PIDS'], `${holder.pid}\n${children()}\n`)
})

it('leaves a child that ends soon after the test: no leak', () => {
  // Ends 300 ms after the test: within the guard's settle bound (1000 ms), whatever the load.
  spawn('sleep', ['0.3'], { stdio: 'ignore' })
})
