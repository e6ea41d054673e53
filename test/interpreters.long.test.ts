// The seeds across Python versions: only the differences that Python's changelogs document
// (the whole matrix is fixtures/README.md's generated table, `pnpm matrix:seeds`, minutes long).
// An interpreter this machine lacks is a skipped test whose name says so.
import { versionAtLeast } from '@proclife/runner'
import { testEachInterpreter } from '@proclife/vitest/matrix'
import { fixture, lines } from './helpers.js'

// What's New in Python 3.8: "multiprocessing.parent_process()" is new. Seed 001's orphan check
// imports it, so before 3.8 the fixture fails at its import and never forks.
await testEachInterpreter(
  'seed 001: parent_process() exists from 3.8, so the orphan check runs from 3.8 on',
  '3.7,3.8',
  async (python, { expect }) => {
    const report = await python.run(fixture('python/orphan-chain.py'), { settle: 5000 })
    if (versionAtLeast(python.version, '3.8')) {
      // Only what the version decides: the import works and the chain is forked. The lines and the
      // orphan follow the seed's real sleeps, which seed-001-orphan-checks.test.ts asserts.
      expect(report.stderr).not.toMatch(/ImportError/)
      expect(report.process('root.1.1')).toBeDefined()
      expect(lines(report)[0]).toBe('Orphaned: False')
      expect(report).toExitWith(0)
    } else {
      expect(report.stderr).toMatch(/ImportError: cannot import name '?parent_process'?/)
      expect(report).toExitWith(1)
      expect(report.processes.map((p) => p.id)).toEqual(['root'])
    }
  },
  { concurrent: true },
)

// Python 2.7's multiprocessing has no start methods: get_context() and set_start_method() are
// new in 3.4 (What's New in Python 3.4, multiprocessing).
const startMethod = "import multiprocessing as mp; print(mp.get_context('spawn').get_start_method())"
await testEachInterpreter(
  'start methods: none in Python 2.7, spawn from 3.4',
  '2.7,3.13',
  async (python, { expect }) => {
    const report = await python.run(['python', '-c', startMethod])
    if (versionAtLeast(python.version, '3.4')) {
      expect(report.stdout).toBe('spawn\n')
      expect(report).toExitWith(0)
    } else {
      expect(report.stderr).toMatch(/AttributeError: 'module' object has no attribute 'get_context'/)
      expect(report).toExitWith(1)
    }
  },
  { concurrent: true },
)

// What's New in Python 3.12: os.fork() in a process with more than one thread raises a
// DeprecationWarning (shown by default in __main__). The fork and the reap are the same.
const forkWithThread = [
  'import os, threading',
  'stop = threading.Event()',
  'threading.Thread(target=stop.wait).start()',
  'pid = os.fork()',
  'if pid == 0: os._exit(0)',
  'os.waitpid(pid, 0)',
  'stop.set()',
].join('\n')
await testEachInterpreter(
  'fork with a thread: a DeprecationWarning from 3.12, the same verdict',
  '3.11,3.12',
  async (python, { expect }) => {
    const report = await python.run(['python3', '-c', forkWithThread])
    expect(report).toExitWith(0)
    await expect(report).toLeaveNoZombies()
    expect(report.process('root.1')).toBeReapedBy('parent')
    if (versionAtLeast(python.version, '3.12'))
      expect(report.stderr).toMatch(/DeprecationWarning: .*multi-threaded.*fork\(\)/)
    else expect(report.stderr).not.toMatch(/DeprecationWarning/)
  },
  { concurrent: true },
)

// What's New in Python 3.9: dict union operators (PEP 584). Seed 004's fixture merges its
// keyword arguments with `|`, so before 3.9 it fails before it forks.
await testEachInterpreter(
  'seed 004: the dict union of 3.9, so the orphan is created from 3.9 on',
  '3.8,3.9',
  async (python, { expect }) => {
    const report = await python.run(fixture('python/create-orphan.py'), { settle: 200 })
    if (versionAtLeast(python.version, '3.9')) {
      expect(report.process('root.1.1')).toBeAdoptedByInit()
      expect(report.verdict.orphans).toEqual(['root.1.1'])
    } else {
      expect(report.stderr).toMatch(/TypeError: unsupported operand type\(s\) for \|: 'dict' and 'dict'/)
      expect(report.processes.map((p) => p.id)).toEqual(['root'])
    }
  },
  { concurrent: true },
)
