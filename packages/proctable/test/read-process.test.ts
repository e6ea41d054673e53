import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { clockTicksPerSecond, readProcessSync, snapshotSync } from '../src/index.js'
import { PYTHON, startNamed, startZombie } from './helpers/processes.js'

describe('readProcessSync', () => {
  test('reads the test process itself', () => {
    const self = readProcessSync(process.pid)
    const [pgid, sid] = execFileSync('ps', ['-o', 'pgid=,sid=', '-p', String(process.pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .map(Number)
    expect(self).toMatchObject({
      pid: process.pid,
      ppid: process.ppid,
      pgid,
      sid,
      state: 'R',
      comm: 'node',
      uid: process.getuid?.(),
      kernelThread: false,
    })
    expect(self?.argv?.[0]).toBe(process.argv0)
    expect(self?.argv).toContain(process.argv[1])
    // Node runs V8 and libuv threads besides the main one.
    expect(self?.threads).toBeGreaterThan(1)
    // btime has a 1 s resolution, start ticks 1/CLK_TCK.
    expect(Math.abs((self?.startTime ?? 0) - (Date.now() - process.uptime() * 1000))).toBeLessThan(2000)
    expect(clockTicksPerSecond()).toBe(Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })))
  })

  test('reads PID 1', () => {
    const init = readProcessSync(1)
    expect(init).toMatchObject({ pid: 1, ppid: 0, kernelThread: false })
    expect(init?.comm).not.toBe('')
    expect(init?.argv?.length).toBeGreaterThan(0)
  })

  test('skips argv and uid when asked, leaving the fields absent', () => {
    const self = readProcessSync(process.pid, { argv: false, uid: false })
    expect(self).toBeDefined()
    expect(self).not.toHaveProperty('argv')
    expect(self).not.toHaveProperty('uid')
  })

  test('returns undefined for a pid that does not exist', () => {
    expect(readProcessSync(0)).toBeUndefined()
    expect(readProcessSync(-1)).toBeUndefined()
    expect(readProcessSync(2 ** 22 + 1)).toBeUndefined()
  })

  test('reads a zombie: state Z, no argv', async () => {
    const { parent, zombie } = await startZombie()
    expect(readProcessSync(zombie)).toMatchObject({
      pid: zombie,
      ppid: parent.pid,
      state: 'Z',
      comm: 'python3',
      argv: null,
      threads: 1,
    })
    await parent.finish()
    expect(readProcessSync(zombie)).toBeUndefined()
  })

  test('parses a name with spaces and parentheses that mimics the fields after it', async () => {
    // A parser that stops at the first ')' would read state Z and ppid 9 here.
    const name = 'a b) Z 9 (c)'
    const named = await startNamed(name)
    const info = readProcessSync(named.pid)
    expect(info).toMatchObject({ comm: name, state: 'S', ppid: process.pid, argv: [PYTHON, 'named.py', name] })
    expect(snapshotSync().processes.get(named.pid)?.comm).toBe(name)
  })
})

describe('snapshotSync', () => {
  test('reads the whole table: PID 1, this process, no kernel threads by default', () => {
    const snapshot = snapshotSync()
    expect(snapshot.backend).toBe('proc')
    expect(snapshot.root).toBeUndefined()
    expect(snapshot.processes.get(1)?.ppid).toBe(0)
    expect(snapshot.processes.get(process.pid)?.comm).toBe('node')
    expect([...snapshot.processes.values()].filter((p) => p.kernelThread)).toEqual([])
  })

  test('includes kernel threads when asked, without argv', () => {
    const kernel = [...snapshotSync({ kernelThreads: true }).processes.values()].filter((p) => p.kernelThread)
    expect(kernel.length).toBeGreaterThan(0)
    expect(kernel.find((p) => p.comm === 'kthreadd')).toMatchObject({ ppid: 0, argv: null })
  })
})
