import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'
import { isEvent, startSentinel, type SentinelEvent, type SentinelStatus } from '../src/index.js'
import {
  binary,
  checkpointNamed,
  code,
  finish,
  firstLine,
  fixtures,
  killedBy,
  launch,
  launched,
  leftovers,
  nodeHelper,
  ofPid,
  PYTHON,
  pythonHelpers,
  readAll,
  reapOf,
  scratch,
  useSentinelHarness,
  waitEvent,
  within,
} from './helpers/sentinel-harness.js'

useSentinelHarness()

describe('the sentinel', () => {
  it('says hello as a child subreaper with pidfds, and runs the root with the exact argv', async () => {
    const { sentinel } = launch(['/bin/sh', '-c', 'exit 5', 'name with "quotes"'])
    const hello = await sentinel.hello
    expect(hello).toMatchObject({
      ev: 'hello',
      protocol: 2,
      pid: sentinel.pid,
      subreaper: true,
      subreaperError: null,
      pidfd: true,
      capture: 'exact',
      captureReason: null,
      interval: 5,
      fullEvery: 10,
    })
    expect(hello.clkTck).toBeGreaterThan(0)
    expect(hello.bootMs).toBeGreaterThan(0)
    const root = await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    expect(root.status).toEqual(code(5))
    const spawn = sentinel.events.find(isEvent('spawn'))
    expect(spawn).toMatchObject({ root: true, late: false, ppid: sentinel.pid, comm: 'sh' })
    expect(spawn?.argv).toEqual(['/bin/sh', '-c', 'exit 5', 'name with "quotes"'])
    expect(ofPid(sentinel.events, root.pid).map((e) => e.ev)).toEqual(['spawn', 'exit', 'reap', 'root-exit'])
  })

  it('gives the fixture fds 0-2 only, default signal dispositions, and its environment and cwd', async () => {
    // Each property read by a process about itself at start (a shell would block signals and hold
    // pipe fds of its own while it runs commands).
    const fdCheck =
      'import os; print([fd for fd in range(3, 1024) if os.path.exists("/proc/self/fd/%d" % fd)], os.getcwd(), os.environ["PROCLIFE_RUN"])'
    const fds = launch([PYTHON, '-c', fdCheck])
    const fdOutput = readAll(fds.sentinel.fixtureStdout)
    const signals = launch(['/bin/grep', '-E', '^Sig(Blk|Ign)', '/proc/self/status'])
    const signalOutput = readAll(signals.sentinel.fixtureStdout)
    expect(await fdOutput).toBe(`[] ${fixtures} ${fds.token}\n`)
    expect(await signalOutput).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n')
  })

  it('builds itself when no binary is given, and kills the tree when its command input closes', async () => {
    const dir = mkdtempSync(join(scratch, 'close-'))
    const token = `sentinel-test-${randomUUID()}`
    const sentinel = startSentinel({
      argv: ['/bin/sh', '-c', 'sleep 1000 & sleep 1000; wait'],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PROCLIFE_RUN: token },
      intervalMs: 5,
      socketPath: join(dir, 'checkpoint.sock'),
    })
    expect((await sentinel.hello).pid).toBe(sentinel.pid)
    await sentinel.waitFor(() => sentinel.events.filter(isEvent('spawn')).length === 3, {
      timeoutMs: 15_000,
      description: 'sh and its two sleeps',
    })
    expect(await within(sentinel.close(), 15_000, 'the sentinel to exit')).toEqual({ code: 3, signal: null })
    expect(sentinel.events.filter(isEvent('signal')).map((e) => e.signal)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL'])
    expect(sentinel.events.at(-1)).toMatchObject({ ev: 'clean', remaining: [] })
    expect(sentinel.diagnostics()).toContain('the runner is gone')
    expect(await leftovers(token)).toEqual([])
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports an exec failure, and reaps the child that exits 127', async () => {
    const { sentinel } = launch(['/nonexistent/program'])
    const error = await waitEvent(sentinel, isEvent('spawn-error'), 'spawn-error')
    expect(error).toMatchObject({ errno: 2, code: 'ENOENT', message: 'No such file or directory' })
    const exit = await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
    expect(exit).toMatchObject({ pid: error.pid, status: code(127) })
  })

  it('records the adoption of a double-forked grandchild exactly, the same way every time', async () => {
    const signatures = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const run = launch([PYTHON, 'double-fork.py'])
      const { sentinel } = run
      const hello = await sentinel.hello
      const adopted = await waitEvent(sentinel, checkpointNamed('adopted'), 'the grandchild to checkpoint "adopted"')
      const grandchildReap = await waitEvent(sentinel, reapOf(adopted.pid), 'the grandchild to be reaped')
      const rootExit = await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
      await finish(launched.pop()!)

      const spawns = sentinel.events.filter(isEvent('spawn'))
      const root = spawns.find((e) => e.root)!
      const mid = spawns.find((e) => e.ppid === root.pid)!
      const grandchild = spawns.find((e) => e.pid === adopted.pid)!
      expect(spawns).toHaveLength(3)
      expect(grandchild.ppid).toBe(mid.pid)
      expect(grandchildReap).toMatchObject({ by: 'sentinel', status: code(7), exact: true, ppid: hello.pid })
      expect(rootExit.status).toEqual(code(0))
      expect(adopted.tree.find((p) => p.pid === grandchild.pid)?.ppid).toBe(hello.pid)

      const role = (pid: number): string =>
        ({ [root.pid]: 'root', [mid.pid]: 'mid', [grandchild.pid]: 'grandchild', [hello.pid]: 'sentinel' })[pid] ??
        `?${pid}`
      const describe = (e: SentinelEvent): unknown[] => {
        switch (e.ev) {
          case 'spawn':
            return ['spawn', role(e.ppid), e.late]
          case 'reparent':
            return ['reparent', role(e.from), role(e.to), e.exact]
          case 'exit':
            return ['exit', e.status, e.exact]
          case 'reap':
            return ['reap', e.by, role(e.ppid), e.status, e.exact]
          default:
            return [e.ev]
        }
      }
      const signature = {
        root: ofPid(sentinel.events, root.pid).map(describe),
        mid: ofPid(sentinel.events, mid.pid).map(describe),
        grandchild: ofPid(sentinel.events, grandchild.pid).map(describe),
        checkpoints: sentinel.events.filter(isEvent('checkpoint')).map((c) => [c.name, role(c.pid)]),
      }
      signatures.add(JSON.stringify(signature))
      if (i === 0) {
        expect(signature).toEqual({
          root: [
            ['spawn', 'sentinel', false],
            ['exit', code(0), true],
            ['reap', 'sentinel', 'sentinel', code(0), true],
            ['root-exit'],
          ],
          mid: [
            ['spawn', 'root', false],
            ['exit', code(0), true],
            ['reap', 'parent', 'root', code(0), true],
          ],
          grandchild: [
            ['spawn', 'mid', false],
            ['reparent', 'mid', 'sentinel', true],
            ['exit', code(7), true],
            ['reap', 'sentinel', 'sentinel', code(7), true],
          ],
          checkpoints: [
            ['forked', 'mid'],
            ['adopted', 'grandchild'],
          ],
        })
      }
    }
    // One signature for every run; on a difference, the diff shows which events varied.
    const [first, ...others] = [...signatures].map((s) => JSON.parse(s) as unknown)
    for (const other of others) expect(other).toEqual(first)
  })

  it('reports a zombie held by its living parent exactly: exit, zombie at the checkpoint, reap by the parent', async () => {
    const signatures = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const { sentinel } = launch([PYTHON, 'zombie.py'])
      const alive = await waitEvent(sentinel, checkpointNamed('child-alive'), 'checkpoint "child-alive"')
      const zombie = await waitEvent(sentinel, checkpointNamed('zombie'), 'checkpoint "zombie"')
      const reaped = await waitEvent(sentinel, checkpointNamed('reaped'), 'checkpoint "reaped"')
      await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
      await finish(launched.pop()!)

      const child = alive.pid
      expect(alive.tree.find((p) => p.pid === child)?.state).toMatch(/^[RSD]$/)
      expect(zombie.tree.find((p) => p.pid === child)?.state).toBe('Z')
      expect(reaped.tree.find((p) => p.pid === child)).toBeUndefined()
      const exit = sentinel.events.find(
        (e): e is Extract<SentinelEvent, { ev: 'exit' }> => e.ev === 'exit' && e.pid === child,
      )!
      const reap = sentinel.events.find(reapOf(child))!
      expect(exit).toMatchObject({ status: code(3), exact: true })
      expect(reap).toMatchObject({ by: 'parent', ppid: zombie.pid, status: code(3), exact: true })
      // The record's order is the kernel's: exit, then the zombie checkpoint, then the reap, then "reaped".
      const order = [exit, zombie, reap, reaped].map((e) => sentinel.events.indexOf(e))
      expect(order).toEqual([...order].sort((a, b) => a - b))
      expect(reap.lastSeen).not.toBeNull()
      signatures.add(JSON.stringify(ofPid(sentinel.events, child).map((e) => [e.ev, 'exact' in e ? e.exact : null])))
    }
    expect([...signatures]).toEqual([
      JSON.stringify([
        ['spawn', true],
        ['exit', true],
        ['reap', true],
      ]),
    ])
  })

  it('freezes, terminates, and SIGKILLs a child that ignores SIGTERM, then reports the tree clean', async () => {
    const { sentinel } = launch([PYTHON, 'ignore-term.py'])
    const ready = await waitEvent(sentinel, checkpointNamed('ready'), 'checkpoint "ready"')
    const hello = await sentinel.hello
    sentinel.send({ cmd: 'cleanup', termMs: 300 })
    const clean = await waitEvent(sentinel, isEvent('clean'), 'clean')
    expect(clean.remaining).toEqual([])

    const root = sentinel.events.find(isEvent('spawn'))!
    const child = ready.pid
    const signals = (pid: number) => sentinel.events.filter(isEvent('signal')).filter((e) => e.pid === pid)
    expect(signals(root.pid).map((e) => [e.signal, e.reason])).toEqual([
      ['SIGSTOP', 'cleanup'],
      ['SIGTERM', 'cleanup'],
      ['SIGCONT', 'cleanup'],
    ])
    expect(signals(child).map((e) => e.signal)).toEqual(['SIGSTOP', 'SIGTERM', 'SIGCONT', 'SIGKILL'])
    const [, term, , kill] = signals(child)
    expect(kill!.t - term!.t).toBeGreaterThanOrEqual(300)
    expect(sentinel.events.find(reapOf(root.pid))).toMatchObject({
      by: 'sentinel',
      status: killedBy('SIGTERM'),
      exact: true,
    })
    // The root died first, so the child was adopted, then killed and reaped by the sentinel.
    expect(sentinel.events.find((e) => e.ev === 'reparent' && e.pid === child)).toMatchObject({
      to: hello.pid,
      exact: true,
    })
    expect(sentinel.events.find(reapOf(child))).toMatchObject({
      by: 'sentinel',
      status: killedBy('SIGKILL'),
      exact: true,
    })
  })

  it('kills the whole tree when its runner is SIGKILLed', async () => {
    const dir = mkdtempSync(join(scratch, 'runner-'))
    // Sentinel A (ours) runs a stand-in runner, which runs sentinel B on a tree that will not die by
    // itself. We SIGKILL the stand-in through A, then look at the machine from outside.
    const a = launch([process.execPath, 'runner.mjs', binary, join(dir, 'b.sock'), PYTHON, 'tree.py'])
    const helloA = await a.sentinel.hello
    const ready = firstLine(a.sentinel.fixtureStdout)
    const runner = await waitEvent(a.sentinel, isEvent('spawn'), 'the stand-in runner to start')
    const bSpawn = await waitEvent(
      a.sentinel,
      (e): e is Extract<SentinelEvent, { ev: 'spawn' }> => e.ev === 'spawn' && e.ppid === runner.pid,
      'sentinel B to start',
    )
    // B's fixture has set up its tree once its checkpoint shows in A's record as B's children.
    const line = await within(ready, 15_000, 'the stand-in runner to say ready')
    const [, bPid, treeJson] = /^ready (\d+) (.*)$/.exec(line)!
    expect(Number(bPid)).toBe(bSpawn.pid)
    const tree = JSON.parse(treeJson!) as { pid: number; ppid: number; state: string }[]
    expect(tree.filter((p) => p.state !== 'Z')).toHaveLength(3) // root, the stubborn child, the orphan
    expect(tree.some((p) => p.ppid === bSpawn.pid && p.pid !== tree[0]!.pid)).toBe(true) // the orphan, adopted by B

    a.sentinel.send({ cmd: 'signal', pid: runner.pid, start: runner.start, signal: 'SIGKILL' })
    await waitEvent(a.sentinel, reapOf(runner.pid), 'the stand-in runner to be reaped')
    const bReap = await waitEvent(a.sentinel, reapOf(bSpawn.pid), 'sentinel B to exit')
    expect(bReap.status).toEqual(code(3))
    expect(await leftovers(a.token, [helloA.pid])).toEqual([])
    // Everything of B's tree was reaped inside it (by B, or by a parent in it); only B reached A.
    const insideB = [bSpawn.pid, ...tree.map((p) => p.pid)]
    for (const p of tree) {
      const reap = a.sentinel.events.find(reapOf(p.pid))
      expect(reap, `reap of ${p.pid}`).toMatchObject({ by: 'parent' })
      expect(insideB).toContain(reap!.ppid)
    }
    const adoptedByA = a.sentinel.events.filter(isEvent('reparent')).filter((e) => e.to === helloA.pid)
    expect(adoptedByA.map((e) => e.pid)).toEqual([bSpawn.pid])
    rmSync(dir, { recursive: true, force: true })
  })

  describe('checkpoints', () => {
    it('from a Python root and a forked child, with the caller and the fresh tree', async () => {
      const { sentinel } = launch([PYTHON, 'checkpoint-fork.py'])
      const start = await waitEvent(sentinel, checkpointNamed('root-start'), 'checkpoint "root-start"')
      const inChild = await waitEvent(sentinel, checkpointNamed('in-child'), 'checkpoint "in-child"')
      const end = await waitEvent(sentinel, checkpointNamed('root-end'), 'checkpoint "root-end"')
      const root = sentinel.events.find(isEvent('spawn'))!
      expect(start).toMatchObject({ pid: root.pid, start: root.start })
      expect(start.tree.map((p) => p.pid)).toEqual([root.pid])
      const child = inChild.tree.find((p) => p.pid === inChild.pid)!
      expect(child).toMatchObject({ ppid: root.pid, comm: 'python3', state: expect.stringMatching(/^[RSD]$/) })
      expect(inChild.start).toBe(child.start)
      expect(inChild.tree.map((p) => p.pid)).toEqual([root.pid, inChild.pid])
      expect(end.tree.map((p) => p.pid)).toEqual([root.pid])
    })

    it('from a multiprocessing child started with the "spawn" method', async () => {
      const { sentinel } = launch([PYTHON, 'checkpoint-spawn.py'])
      const output = readAll(sentinel.fixtureStdout)
      const event = await waitEvent(sentinel, checkpointNamed('in-spawned'), 'checkpoint "in-spawned"')
      const root = sentinel.events.find(isEvent('spawn'))!
      const caller = event.tree.find((p) => p.pid === event.pid)
      expect(caller).toMatchObject({ ppid: root.pid, comm: 'python3' })
      expect(event.start).toBe(caller!.start)
      expect(event.tree[0]!.pid).toBe(root.pid)
      await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')
      expect(await output).toBe(`worker ${event.pid} 0\n`)
      // The worker is a fresh interpreter: spawn sees the fork, exec (same comm) the new program.
      const exec = sentinel.events.find(
        (e): e is Extract<SentinelEvent, { ev: 'exec' }> => e.ev === 'exec' && e.pid === event.pid,
      )
      if (exec) expect(exec.argv?.join(' ')).toContain('multiprocessing')
      else
        expect(sentinel.events.find((e) => e.ev === 'spawn' && e.pid === event.pid)).toMatchObject({
          argv: expect.arrayContaining(['--multiprocessing-fork']),
        })
    })

    it('from Node.js processes through the Node helper', async () => {
      const { sentinel } = launch([process.execPath, 'checkpoint.mjs', pathToFileURL(nodeHelper).href])
      const root = await waitEvent(sentinel, checkpointNamed('node-root'), 'checkpoint "node-root"')
      const child = await waitEvent(sentinel, checkpointNamed('node-child'), 'checkpoint "node-child"')
      const end = await waitEvent(sentinel, checkpointNamed('node-root-end'), 'checkpoint "node-root-end"')
      const rootSpawn = sentinel.events.find(isEvent('spawn'))!
      expect(root.pid).toBe(rootSpawn.pid)
      expect(root.tree.map((p) => p.pid)).toEqual([rootSpawn.pid])
      expect(child.tree.find((p) => p.pid === child.pid)).toMatchObject({ ppid: rootSpawn.pid, comm: 'node' })
      expect(end.tree.map((p) => p.pid)).toEqual([rootSpawn.pid])
      expect((await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')).status).toEqual(code(0))
    })

    it('are a no-op with a warning outside proclife', async () => {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONPATH: pythonHelpers, PYTHONDONTWRITEBYTECODE: '1' }
      const python = await execa(
        PYTHON,
        ['-c', 'from proclife import checkpoint; checkpoint("a"); checkpoint("b"); print("went on")'],
        { env, extendEnv: false },
      )
      expect([python.stdout, python.stderr]).toEqual([
        'went on',
        "proclife: PROCLIFE_CHECKPOINT is not set; checkpoint('a') does nothing",
      ])
      const script = `const { checkpoint } = await import(${JSON.stringify(pathToFileURL(nodeHelper).href)}); await checkpoint('a'); await checkpoint('b'); console.log('went on')`
      const node = await execa(process.execPath, ['--input-type=module', '-e', script], { env, extendEnv: false })
      expect([node.stdout, node.stderr]).toEqual([
        'went on',
        'proclife: PROCLIFE_CHECKPOINT is not set; checkpoint("a") does nothing',
      ])
    })

    it('holds a checkpoint until released, for every caller, and serves many callers at once', async () => {
      const script = [
        'import os, sys',
        'from proclife import checkpoint',
        'kids = []',
        'for i in range(20):',
        '    pid = os.fork()',
        '    if pid == 0:',
        '        checkpoint("gate")',
        '        os._exit(0)',
        '    kids.append(pid)',
        'for pid in kids: os.waitpid(pid, 0)',
        'print("all through", flush=True)',
      ].join('\n')
      const { sentinel } = launch([PYTHON, '-c', script], { holds: ['gate'] })
      const output = readAll(sentinel.fixtureStdout)
      await sentinel.waitFor(() => sentinel.events.filter(checkpointNamed('gate')).length === 20, {
        timeoutMs: 15_000,
        description: '20 callers at checkpoint "gate"',
      })
      // Held: nobody got through, every child is still alive.
      sentinel.send({ cmd: 'snapshot', id: 'held' })
      const held = await waitEvent(
        sentinel,
        (e): e is Extract<SentinelEvent, { ev: 'snapshot' }> => e.ev === 'snapshot' && e.id === 'held',
        'snapshot',
      )
      expect(held.tree.filter((p) => p.state !== 'Z')).toHaveLength(21)
      expect(sentinel.events.some((e) => e.ev === 'exit')).toBe(false)
      sentinel.send({ cmd: 'release', name: 'gate' })
      const release = await waitEvent(sentinel, isEvent('release'), 'release')
      expect(release).toMatchObject({ name: 'gate', released: 20 })
      expect((await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')).status).toEqual(code(0))
      expect(await output).toBe('all through\n')
    })
  })

  it('reaps 300 orphans of a root that never waits, each with its exact status', async () => {
    const n = 300
    const { sentinel } = launch([PYTHON, 'storm.py', String(n)])
    const hello = await sentinel.hello
    const output = readAll(sentinel.fixtureStdout)
    await sentinel.waitFor(() => sentinel.events.filter(isEvent('reap')).length === n + 1, {
      timeoutMs: 30_000,
      description: `${n + 1} reaps`,
    })
    const expected = new Map<number, SentinelStatus>()
    for (const line of (await output).trim().split('\n')) {
      const [i, pid] = line.split(' ').map(Number) as [number, number]
      expected.set(pid, i % 3 ? code(i % 100) : killedBy(i % 6 === 0 ? 'SIGKILL' : 'SIGTERM'))
    }
    expect(expected.size).toBe(n)
    const reaps = sentinel.events.filter(isEvent('reap'))
    expect(reaps.every((e) => e.by === 'sentinel' && e.exact && e.ppid === hello.pid)).toBe(true)
    const root = sentinel.events.find(isEvent('spawn'))!
    for (const reap of reaps) {
      if (reap.pid === root.pid) expect(reap.status).toEqual(code(0))
      else expect(reap.status, `status of ${reap.pid}`).toEqual(expected.get(reap.pid))
      // Nothing that reached the sentinel is missing from the record: a spawn precedes each reap.
      const spawnAt = sentinel.events.findIndex((e) => e.ev === 'spawn' && e.pid === reap.pid && e.start === reap.start)
      expect(spawnAt).toBeGreaterThanOrEqual(0)
      expect(spawnAt).toBeLessThan(sentinel.events.indexOf(reap))
    }
    expect(new Set(reaps.map((e) => e.pid))).toEqual(new Set([root.pid, ...expected.keys()]))
  })

  describe('the signal command', () => {
    it('refuses a pid it does not track, and a tracked pid with the wrong start time', async () => {
      const { sentinel } = launch([
        PYTHON,
        '-c',
        'import signal; from proclife import checkpoint; checkpoint("up"); signal.pause()',
      ])
      await waitEvent(sentinel, checkpointNamed('up'), 'checkpoint "up"')
      const root = sentinel.events.find(isEvent('spawn'))!
      sentinel.send(`signal 1 0 SIGTERM`)
      sentinel.send({ cmd: 'signal', pid: process.pid, start: 1, signal: 'SIGTERM' })
      sentinel.send({ cmd: 'signal', pid: root.pid, start: root.start + 1, signal: 'SIGTERM' })
      sentinel.send({ cmd: 'signal', pid: root.pid, start: root.start, signal: 'SIGNOPE' })
      sentinel.send({ cmd: 'snapshot', id: 'after' })
      await waitEvent(sentinel, (e): e is Extract<SentinelEvent, { ev: 'snapshot' }> => e.ev === 'snapshot', 'snapshot')
      const errors = sentinel.events.filter(isEvent('error'))
      expect(errors.map((e) => e.message)).toEqual([
        expect.stringContaining('not a tracked process'),
        expect.stringContaining('not a tracked process'),
        expect.stringContaining('not a tracked process'),
        'unknown signal',
      ])
      expect(sentinel.events.some((e) => e.ev === 'signal')).toBe(false)
      // The right identity works.
      sentinel.send({ cmd: 'signal', pid: root.pid, start: root.start, signal: 'TERM' })
      expect(await waitEvent(sentinel, isEvent('root-exit'), 'root-exit')).toMatchObject({
        status: killedBy('SIGTERM'),
      })
      expect(sentinel.events.find(isEvent('signal'))).toMatchObject({
        pid: root.pid,
        signal: 'SIGTERM',
        reason: 'request',
      })
    })

    it('reports stop and continue as state changes, and an exec that keeps the comm', async () => {
      const { sentinel } = launch([PYTHON, 'stop-exec.py'])
      const root = (await waitEvent(sentinel, checkpointNamed('before-stop'), 'checkpoint "before-stop"')).pid
      const stopped = await waitEvent(
        sentinel,
        (e): e is Extract<SentinelEvent, { ev: 'state' }> => e.ev === 'state' && e.pid === root && e.state === 'T',
        'the root to stop',
      )
      const spawn = sentinel.events.find(isEvent('spawn'))!
      sentinel.send({ cmd: 'signal', pid: root, start: spawn.start, signal: 'SIGCONT' })
      await waitEvent(sentinel, checkpointNamed('continued'), 'checkpoint "continued"')
      const after = await waitEvent(sentinel, checkpointNamed('after-exec'), 'checkpoint "after-exec"')
      expect(after.pid).toBe(root)
      const events = ofPid(sentinel.events, root)
      const resumed = events.find(
        (e): e is Extract<SentinelEvent, { ev: 'state' }> => e.ev === 'state' && e.from === 'T',
      )
      expect(stopped.from).toMatch(/^[RS]$/)
      expect(resumed?.state).toMatch(/^[RS]$/)
      const exec = events.find(isEvent('exec'))!
      expect(exec).toMatchObject({ comm: 'python3', fromComm: 'python3', renamed: false })
      expect(exec.argv).toEqual([PYTHON, '-c', "from proclife import checkpoint; checkpoint('after-exec')"])
      // The exec shows before the checkpoint the new program makes.
      expect(sentinel.events.indexOf(exec)).toBeLessThan(sentinel.events.indexOf(after))
    })
  })

  it('escapes comm and argv: quotes, backslashes, control characters, bytes that are not UTF-8', async () => {
    const { sentinel } = launch([PYTHON, 'names.py'])
    const named = await waitEvent(sentinel, checkpointNamed('named'), 'checkpoint "named"')
    expect(named.tree.find((p) => p.pid === named.pid)?.comm).toBe('a"b\\c\nd\u00ff\u0001')
    const events = ofPid(sentinel.events, named.pid)
    const argv = events.flatMap((e) => (e.ev === 'spawn' || e.ev === 'exec' ? [e.argv] : [])).pop()
    expect(argv?.at(-1)).toBe('café-\u00ff\u00fe')
    // The child checkpointed before renaming itself, so the rename shows as a comm change without exec.
    expect(events.filter(isEvent('exec')).at(-1)).toMatchObject({
      fromComm: 'python3',
      comm: 'a"b\\c\nd\u00ff\u0001',
      renamed: true,
    })
  })

  it('says so when it is not a subreaper, and still follows the orphan (degraded mode)', async () => {
    const { sentinel } = launch([PYTHON, 'double-fork.py'], { subreaper: false, expectAllReaped: false })
    const hello = await sentinel.hello
    expect(hello).toMatchObject({ subreaper: false, subreaperError: 'disabled by --no-subreaper' })
    const adopted = await waitEvent(sentinel, checkpointNamed('adopted'), 'checkpoint "adopted"')
    const reparent = sentinel.events.find(
      (e): e is Extract<SentinelEvent, { ev: 'reparent' }> => e.ev === 'reparent' && e.pid === adopted.pid,
    )!
    expect(reparent.to).not.toBe(hello.pid)
    expect(reparent.exact).toBe(true)
    const exit = await waitEvent(
      sentinel,
      (e): e is Extract<SentinelEvent, { ev: 'exit' }> => e.ev === 'exit' && e.pid === adopted.pid,
      'the orphan to exit',
    )
    expect(exit).toMatchObject({ status: code(7), exact: true })
  })
})
