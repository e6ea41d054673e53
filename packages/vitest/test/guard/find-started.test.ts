import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { signalProcess, waitUntilEnded, type ProcessIdentity } from '@proclife/proctable'
import { afterEach, expect, it } from 'vitest'
import { findStarted } from '../../src/guard/find-started.js'
import { readLastPid } from '../../src/guard/pid-window.js'

const started: ProcessIdentity[] = []
afterEach(async () => {
  const list = started.splice(0)
  for (const p of list) signalProcess(p, 'SIGKILL')
  expect(await waitUntilEnded(list, 5000)).toEqual([])
})

const env = (token: string): NodeJS.ProcessEnv => ({ ...process.env, PROCLIFE_GUARD: token })

it('finds a background job that left the tree, by the token it inherited', () => {
  const from = readLastPid()
  const pid = Number(
    execFileSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { env: env('find-a.1.1'), encoding: 'utf8' }),
  )
  const found = findStarted({ from, to: readLastPid(), token: 'find-a.1', exclude: new Set() })
  started.push(...found.map((p) => p.info))
  expect(found.map((p) => [p.info.pid, p.info.comm, p.spawn])).toEqual([[pid, 'sleep', 1]])
  expect(found[0]!.info.ppid).not.toBe(process.pid)
})

it("leaves alone what carries another test's token", () => {
  const from = readLastPid()
  const pid = Number(
    execFileSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { env: env('find-b.10'), encoding: 'utf8' }),
  )
  const found = findStarted({ from, to: readLastPid(), token: 'find-b.1', exclude: new Set() })
  const other = findStarted({ from, to: readLastPid(), token: 'find-b.10', exclude: new Set() })
  started.push(...other.map((p) => p.info))
  expect(found).toEqual([])
  expect(other.map((p) => p.info.pid)).toEqual([pid])
})

it('finds a child that cleared its environment while it is in the tree, and a zombie under it', async () => {
  const from = readLastPid()
  // env -i: no token; sleep never waits, so the backgrounded `true` stays a zombie under it.
  const child = spawn('env', ['-i', 'sh', '-c', 'true & exec sleep 30'], { stdio: 'ignore' })
  // Waits for the state meant: the child has exec'd sleep (a zombie can appear under it before that).
  await expect
    .poll(
      () =>
        findStarted({ from, to: readLastPid(), token: 'find-c.1', exclude: new Set() })
          .map((p) => `${p.info.comm} ${p.info.state}`)
          .join(' '),
      { timeout: 5000, interval: 5 },
    )
    .toMatch(/^sleep [RS] sh Z$/)
  const found = findStarted({ from, to: readLastPid(), token: 'find-c.1', exclude: new Set() })
  expect(found.map((p) => p.info.comm)).toEqual(['sleep', 'sh']) // the zombie: a subshell that ran the builtin `true`
  signalProcess(found[0]!.info, 'SIGKILL')
  await once(child, 'exit')
})
