import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InterpreterError, OptionError, runFixture, TargetError } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

describe('runFixture', () => {
  it('records a zombie its parent held and then reaped, with its interval; the verdict has no zombie', async () => {
    const report = await runFixture(fixture('zombie.py'))
    expect(report.exit).toEqual({ code: 0, signal: null })
    expect(report.processes.map((p) => p.id)).toEqual(['root', 'root.1'])
    const child = report.process('root.1')
    expect(child.exit).toEqual({ code: 3, signal: null, core: false })
    expect(child.reapedBy).toBe('parent')
    expect(child.zombie).toHaveLength(1)
    const [z] = child.zombie
    expect(z!.to! - z!.from).toBeGreaterThanOrEqual(250)
    // A zombie its parent reaps, however late, is not in the verdict: order decides, not time.
    expect(report.verdict).toEqual({ zombies: [], orphans: [], strays: [], escaped: [], undetermined: [] })
    expect(report.checkpoints.map((c) => [c.name, c.by, c.processes.map((p) => [p.id, p.state])])).toEqual([
      [
        'zombie',
        'root',
        [
          ['root', expect.stringMatching(/[RS]/)],
          ['root.1', 'Z'],
        ],
      ],
    ])
    expect(report.stdout).toBe('reaped 3\n')
  })

  it('records the adoption of a double-forked grandchild exactly, every time', async () => {
    const verdicts = new Set<string>()
    for (let i = 0; i < 10; i++) {
      const report = await runFixture(fixture('double-fork.py'))
      const grandchild = report.process('root.1.1')
      expect(grandchild.adopted).toBe(true)
      expect(grandchild.parents.map((p) => p.id)).toEqual(['root.1', 'reaper'])
      expect(grandchild.parents[1]!.exact).toBe(true)
      expect(grandchild.reapedBy).toBe('reaper')
      expect(grandchild.exit).toEqual({ code: 7, signal: null, core: false })
      verdicts.add(JSON.stringify([report.verdict, report.processes.map((p) => [p.id, p.reapedBy, p.exit])]))
    }
    expect([...verdicts]).toHaveLength(1)
    expect(JSON.parse([...verdicts][0]!)[0]).toEqual({
      zombies: [],
      orphans: ['root.1.1'],
      strays: [],
      escaped: [],
      undetermined: [],
    })
  })

  it('a child that exits before its parent, which never reaps it, is a zombie handed to the reaper, never an orphan', async () => {
    for (let i = 0; i < 5; i++) {
      const report = await runFixture(fixture('never-reaped.py'))
      const child = report.process('root.1')
      expect(child).toMatchObject({
        adopted: true,
        orphaned: false,
        reapedBy: 'reaper',
        exit: { code: 3, signal: null, core: false },
      })
      expect(child.zombie.map((z) => z.heldBy)).toEqual([report.process('root').pid, report.reaper.pid])
      expect(report.verdict).toEqual({ zombies: ['root.1'], orphans: [], strays: [], escaped: [], undetermined: [] })
    }
  })

  it('kills a child that ignores SIGTERM and outlives its parent, with SIGKILL', async () => {
    const report = await runFixture(fixture('ignore-term.py'), { settle: 100, killAfter: 100 })
    const child = report.process('root.1')
    expect(child).toMatchObject({ adopted: true, leftover: true, killedBy: 'SIGKILL', reapedBy: 'cleanup' })
    expect(child.exit).toEqual({ code: null, signal: 'SIGKILL', core: false })
    expect(report.verdict.strays).toEqual(['root.1'])
    expect(processesOfRun(report.runId)).toEqual([])
  })

  it('records all 301 processes of a storm of short-lived children, and no zombie', async () => {
    // 300 children on 2 cores: under load the parent may wait long for a CPU between reaps. It
    // reaps every one, so none is a zombie, however late: order decides, not time.
    const report = await runFixture(fixture('storm.py'))
    expect(report.processes).toHaveLength(301)
    expect(report.process('root.300').exit?.code).toBe(299 % 7)
    expect(report.processes.filter((p) => p.id !== 'root').every((p) => p.reapedBy === 'parent')).toBe(true)
    expect(report.verdict.zombies).toEqual([])
    expect(report.stdout).toBe('reaped 300\n')
  })

  it('keeps two concurrent runs apart', async () => {
    const [a, b] = await Promise.all([runFixture(fixture('storm.py')), runFixture(fixture('double-fork.py'))])
    expect(a.processes).toHaveLength(301)
    expect(b.processes).toHaveLength(3)
    const pidsA = new Set(a.processes.map((p) => `${p.pid}:${p.startTicks}`))
    expect(b.processes.some((p) => pidsA.has(`${p.pid}:${p.startTicks}`))).toBe(false)
  })

  it('serves a checkpoint from a child started by the spawn method', async () => {
    const report = await runFixture(fixture('spawn-checkpoint.py'))
    expect(report.stdout).toContain('exit 0')
    const checkpoint = report.checkpoints.find((c) => c.name === 'in-child')
    expect(checkpoint?.by).toMatch(/^root\.\d+$/)
    expect(report.process(checkpoint!.by!).argv?.join(' ')).toContain('multiprocessing')
  })

  it('resolves python3 to the real interpreter and records it', async () => {
    const report = await runFixture(fixture('double-fork.py'))
    expect(report.interpreter).toMatchObject({ kind: 'python', requested: 'python3' })
    expect(report.command[0]).toBe(report.interpreter!.path)
    expect(report.process('root').argv?.[0]).not.toMatch(/shims/)
  })

  it('reports exit codes, signals, a timeout and an output flood, none of them as errors', async () => {
    const exit = await runFixture([process.execPath, fixture('exit-code.js'), '5'])
    expect(exit.exit).toEqual({ code: 5, signal: null })
    expect(exit.stdout).toBe('hello from node\n')

    const hang = await runFixture(fixture('hang.py'), { timeout: 300, killAfter: 100 })
    expect(hang.timedOut).toBe(true)
    expect(hang.exit).toEqual({ code: null, signal: 'SIGTERM' })
    expect(hang.process('root').killedBy).toBe('SIGTERM')

    const flood = await runFixture(fixture('flood.py'), { maxOutput: 1000 })
    expect(flood.stdout).toHaveLength(1000)
    expect(flood.output).toMatchObject({ stdoutBytes: 80 * 65536, stdoutTruncated: true })
    expect(flood.events.some((e) => e.kind === 'output-limit')).toBe(false)
  })

  it('with stopAtOutputLimit, stops a run whose output floods, at the limit instead of the time limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proclife-test-'))
    try {
      const script = join(dir, 'endless.py')
      writeFileSync(script, 'import sys\nwhile True:\n    sys.stdout.write("x" * 65536)\n')
      const report = await runFixture(script, { maxOutput: 1000, stopAtOutputLimit: true, timeout: 60_000 })
      expect(report.timedOut).toBe(false)
      expect(report.stdout).toHaveLength(1000)
      expect(report.events.filter((e) => e.kind === 'output-limit').map((e) => e.detail)).toEqual([
        'stdout went past 1000 bytes: stopping the run',
      ])
      expect(report.process('root').killedBy).toMatch(/^SIG(TERM|KILL)$/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('bad input is refused before anything starts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proclife-test-'))
  // Runs make their checkpoint sockets under TMPDIR: a private one shows that a refused run made none.
  const tmp = join(dir, 'tmp')
  const savedTmp = process.env['TMPDIR']
  beforeAll(() => {
    mkdirSync(tmp)
    process.env['TMPDIR'] = tmp
  })
  const runDirectories = (): string[] => readdirSync(tmp)
  const cases: [string, () => Promise<unknown>, RegExp, unknown][] = [
    ['a missing script', () => runFixture(join(dir, 'nope.py')), /Script not found: .*nope\.py/, TargetError],
    ['a directory', () => runFixture(dir), /is a directory/, TargetError],
    [
      'a script without execute permission',
      () => {
        const path = join(dir, 'noexec')
        writeFileSync(path, '#!/bin/sh\n')
        chmodSync(path, 0o644)
        return runFixture(path)
      },
      /not executable.*chmod \+x/,
      TargetError,
    ],
    [
      'a missing interpreter',
      () => runFixture(fixture('zombie.py'), { interpreters: { python: 'python-not-here' } }),
      /python interpreter "python-not-here" was not found on PATH/,
      InterpreterError,
    ],
    [
      'a missing command',
      () => runFixture(['no-such-command-proclife']),
      /Command not found: no-such-command-proclife/,
      TargetError,
    ],
    [
      'an unknown option',
      () => runFixture(fixture('zombie.py'), { timout: 5 } as never),
      /Unknown option "timout"/,
      OptionError,
    ],
    [
      'a bad option value',
      () => runFixture(fixture('zombie.py'), { isolation: 'pidns' as never }),
      /"isolation" must be/,
      OptionError,
    ],
    [
      'a stopAtOutputLimit that is not a boolean',
      () => runFixture(fixture('zombie.py'), { stopAtOutputLimit: 'yes' as never }),
      /"stopAtOutputLimit" must be true or false/,
      OptionError,
    ],
    [
      'a fixtureUid that is not a uid',
      () => runFixture(fixture('zombie.py'), { fixtureUid: -1 }),
      /"fixtureUid" must be a uid/,
      OptionError,
    ],
    [
      'a runDir that is not an absolute path',
      () => runFixture(fixture('zombie.py'), { runDir: 'tmp' }),
      /"runDir" must be an absolute path/,
      OptionError,
    ],
    [
      'a negative timeout',
      () => runFixture(fixture('zombie.py'), { timeout: -1 }),
      /"timeout" must be a finite number/,
      OptionError,
    ],
  ]
  it.each(cases)('%s', async (_name, run, message, type) => {
    const before = runDirectories()
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(type)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).stack).toBeDefined()
    expect(runDirectories()).toEqual(before)
  })
  afterAll(() => {
    if (savedTmp === undefined) delete process.env['TMPDIR']
    else process.env['TMPDIR'] = savedTmp
    rmSync(dir, { recursive: true, force: true })
  })
})
