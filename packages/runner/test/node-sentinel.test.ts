import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFixture } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

// Where the native sentinel cannot be built (no C compiler, not Linux), runs fall back to a Node
// stand-in in the degraded mode. PROCLIFE_SENTINEL=node forces that here.
describe('without the native sentinel', () => {
  const saved = process.env['PROCLIFE_SENTINEL']
  beforeAll(() => {
    process.env['PROCLIFE_SENTINEL'] = 'node'
  })
  afterAll(() => {
    if (saved === undefined) delete process.env['PROCLIFE_SENTINEL']
    else process.env['PROCLIFE_SENTINEL'] = saved
  })

  it('says so, and still records the run', async () => {
    const report = await runFixture(fixture('zombie.py'))
    expect(report.isolation).toBe('none')
    expect(report.isolationNote).toMatch(/PROCLIFE_SENTINEL=node/)
    expect(report.exit).toEqual({ code: 0, signal: null })
    expect(report.processes.map((p) => p.id)).toEqual(['root', 'root.1'])
    expect(report.checkpoints.map((c) => c.name)).toEqual(['zombie'])
    // Held at the checkpoint, then reaped by its parent: recorded as a zombie span, not a verdict.
    expect(report.process('root.1').zombie.length).toBeGreaterThan(0)
    expect(report.verdict.zombies).toEqual([])
  })

  it('kills strays, and what escaped, by identity', async () => {
    const report = await runFixture(fixture('escape.py'), { settle: 100, killAfter: 100 })
    expect(report.verdict.strays.length).toBeGreaterThanOrEqual(2)
    expect(processesOfRun(report.runId)).toEqual([])
  })
})

// Found, not forced: no prebuilt binary and no compiler (a package folder without one, CC naming
// a compiler that is not there, an empty cache), as a user without cc has it, from the environment.
describe('when no native sentinel can be had', () => {
  const names = ['PROCLIFE_SENTINEL_PACKAGE', 'PROCLIFE_CACHE_DIR', 'CC'] as const
  const saved = names.map((name) => [name, process.env[name]] as const)
  let scratch = ''
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'proclife-no-sentinel-'))
    Object.assign(process.env, {
      PROCLIFE_SENTINEL_PACKAGE: scratch,
      PROCLIFE_CACHE_DIR: join(scratch, 'cache'),
      CC: join(scratch, 'no-such-cc'),
    })
  })
  afterAll(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    rmSync(scratch, { recursive: true, force: true })
  })

  it('a run uses the Node stand-in, and its report says why and what that cannot do', async () => {
    const report = await runFixture(['/bin/sh', '-c', 'exit 0'])
    expect(report.isolation).toBe('none')
    expect(report.isolationNote).toMatch(
      /^no subreaper \(the native sentinel is unavailable: no prebuilt sentinel \(.*\), and no C compiler: .*no-such-cc.*\): orphans go to the machine's reaper/,
    )
    expect(report.capture).toEqual({ mode: 'sampled', reason: 'the Node stand-in samples /proc (it cannot trace)' })
  })
})
