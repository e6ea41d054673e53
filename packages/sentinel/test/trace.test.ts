import { accessSync, constants, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isEvent, type SentinelEvent } from '../src/index.js'
import {
  binary,
  code,
  launch,
  launched,
  leftovers,
  ofPid,
  PYTHON,
  readAll,
  scratch,
  useSentinelHarness,
  waitEvent,
} from './helpers/sentinel-harness.js'

useSentinelHarness()

const spawns = (events: readonly SentinelEvent[]): Extract<SentinelEvent, { ev: 'spawn' }>[] =>
  events.filter(isEvent('spawn'))
const hasStrace = ['/usr/bin/strace', '/bin/strace'].some((path) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
})

describe('exact capture: the sentinel traces the tree', () => {
  it('reports every fork with its parent at birth, and every exec with its new argv and comm', async () => {
    const { sentinel } = launch(['/bin/sh', '-c', '/bin/echo hi | /usr/bin/sort; exit 0'])
    expect(await sentinel.hello).toMatchObject({ capture: 'exact', captureReason: null })
    const out = readAll(sentinel.fixtureStdout)
    await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    expect(await out).toBe('hi\n')
    const [root, ...children] = spawns(sentinel.events)
    expect(children).toHaveLength(2)
    for (const child of children) {
      // Born as copies of the shell: its argv, its comm, exactly; never an empty argv.
      expect(child).toMatchObject({
        ppid: root!.pid,
        comm: 'sh',
        argv: ['/bin/sh', '-c', '/bin/echo hi | /usr/bin/sort; exit 0'],
        exact: true,
      })
    }
    const execs = sentinel.events.filter(isEvent('exec'))
    expect(execs.map((e) => [e.comm, e.argv, e.exact]).sort()).toEqual([
      ['echo', ['/bin/echo', 'hi'], true],
      ['sort', ['/usr/bin/sort'], true],
    ])
  })

  it('keeps job control as untraced: the parent sees the stop and the continue, signals reach handlers', async () => {
    const { sentinel } = launch([PYTHON, 'job-control.py'])
    const out = readAll(sentinel.fixtureStdout)
    await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    expect(await out).toBe('stopped True\ncontinued True\nexit 42\n')
    const child = spawns(sentinel.events).find((e) => !e.root)!
    expect(ofPid(sentinel.events, child.pid).map((e) => (e.ev === 'state' ? `${e.ev} ${e.state}` : e.ev))).toEqual([
      'spawn',
      'state T',
      'state S',
      'exit',
      'reap',
    ])
    expect(sentinel.events.find((e) => e.ev === 'exit' && e.pid === child.pid)).toMatchObject({
      status: code(42),
      exact: true,
    })
  })

  it('follows threads without reporting them: a fork from a thread has the process as its parent', async () => {
    const { sentinel } = launch([PYTHON, 'thread-fork.py'])
    await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    const [root, ...children] = spawns(sentinel.events)
    expect(children.map((c) => [c.ppid, c.exact])).toEqual([
      [root!.pid, true],
      [root!.pid, true],
    ])
    const statuses = sentinel.events
      .filter(isEvent('exit'))
      .filter((e) => e.pid !== root!.pid)
      .map((e) => e.status?.code)
      .sort()
    expect(statuses).toEqual([3, 4])
  })

  it('takes the whole tree with it when the sentinel itself is SIGKILLed (EXITKILL)', async () => {
    const run = launch(['/bin/sh', '-c', 'sleep 60 & sleep 60 & (sleep 60 &); sleep 60'])
    await run.sentinel.waitFor(
      (e) => e.ev === 'exec' && e.comm === 'sleep' && spawns(run.sentinel.events).length >= 4,
      {
        timeoutMs: 15_000,
        description: 'four processes',
      },
    )
    launched.splice(launched.indexOf(run), 1) // it cannot quit: it is dead
    process.kill(run.sentinel.pid!, 'SIGKILL')
    expect(await run.sentinel.exited).toEqual({ code: null, signal: 'SIGKILL' })
    expect(await leftovers(run.token)).toEqual([])
  })

  it('samples instead when asked (--no-trace), and says so', async () => {
    const { sentinel } = launch(['/bin/sh', '-c', 'exit 0'], { trace: false })
    expect(await sentinel.hello).toMatchObject({ capture: 'sampled', captureReason: 'disabled by --no-trace' })
    await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
  })

  it.skipIf(!hasStrace)(
    'samples when the fixture is traced already (the sentinel under strace -f), and says so',
    async () => {
      const wrapper = join(scratch, 'under-strace')
      writeFileSync(wrapper, `#!/bin/sh\nexec strace -f -qq -o /dev/null ${binary} "$@"\n`, { mode: 0o755 })
      const { sentinel } = launch([PYTHON, '-c', 'import os; os.waitpid(os.fork(), 0) if os.fork() else None'], {
        binary: wrapper,
      })
      const hello = await sentinel.hello
      expect(hello.capture).toBe('sampled')
      expect(hello.captureReason).toMatch(/^ptrace refused: the fixture is already traced by pid \d+$/)
      await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    },
  )
})
