import { execFileSync, spawn } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

// Each leaking test tells the end-to-end test which pid it leaked (LEAKED_PIDS, one per line).
const leaked = (pid: number | string): void => appendFileSync(process.env['LEAKED_PIDS']!, `${String(pid).trim()}\n`)

/** Waits until `file` has a line (a pid written by a process that left the tree). */
async function pidFrom(file: string): Promise<string> {
  await expect.poll(() => existsSync(file) && readFileSync(file, 'utf8').endsWith('\n'), { timeout: 10_000, interval: 5 }).toBe(true)
  return readFileSync(file, 'utf8').trim()
}

it('leaks a shell background job', () => {
  // The shell exits at once; its `sleep` goes to PID 1 (or the nearest subreaper).
  leaked(execFileSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }))
})

it('runs clean after the leak', () => {
  expect(execFileSync('sh', ['-c', 'echo ok'], { encoding: 'utf8' })).toBe('ok\n')
})

it('leaks a double-forked process', () => {
  leaked(execFileSync('sh', ['-c', '(sleep 30 >/dev/null 2>&1 & echo $!) ; exit 0'], { encoding: 'utf8' }))
})

it('leaks a setsid helper', async () => {
  const file = `${process.env['LEAKED_PIDS']}.setsid`
  const child = spawn('setsid', ['sh', '-c', `echo $$ > ${file}; exec sleep 30`], { stdio: 'ignore' })
  leaked(await pidFrom(file))
  expect(child.pid).toBeGreaterThan(0)
})

it('leaks a python daemon', async () => {
  const file = `${process.env['LEAKED_PIDS']}.daemon`
  const daemon = [
    'import os, sys, time',
    'if os.fork() > 0: sys.exit(0)',
    'os.setsid()',
    'if os.fork() > 0: os._exit(0)',
    'null = os.open(os.devnull, os.O_RDWR)',
    'for fd in (0, 1, 2): os.dup2(null, fd)',
    `open(${JSON.stringify(file)}, "w").write(f"{os.getpid()}\\n")`,
    'time.sleep(30)',
  ].join('\n')
  execFileSync('python3', ['-c', daemon], { stdio: 'ignore' })
  leaked(await pidFrom(file))
})

it('cannot see a process that cleared its environment and left the tree', () => {
  // Documented limit: no token, and no parent left to tie it to the test.
  appendFileSync(process.env['UNSEEN_PIDS']!, execFileSync('env', ['-i', 'sh', '-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }))
})
