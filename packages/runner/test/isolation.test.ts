import { describe, expect, it } from 'vitest'
import { runFixture } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

describe('isolation', () => {
  it('keeps an adopted orphan and what it starts in the tree with a subreaper', async () => {
    const report = await runFixture(fixture('escape.py'), { settle: 100, killAfter: 100 })
    expect(report.isolation).toBe('subreaper')
    expect(report.reaper.kind).toBe('sentinel')
    expect(report.verdict.escaped).toEqual([])
    expect(report.verdict.strays).toHaveLength(2)
    expect(report.verdict.strays[0]).toBe('root.1.1')
    expect(report.processes.every((p) => p.exitedAt !== null && p.reapedBy !== null)).toBe(true)
    expect(processesOfRun(report.runId)).toEqual([])
  })

  it('finds what escaped by the PROCLIFE_RUN token without one, and kills it', async () => {
    // Sampled, with a long interval: the short-lived middle process of the orphan's double fork is
    // never sampled, so its child escapes the record.
    const report = await runFixture(fixture('escape.py'), {
      isolation: 'none',
      capture: 'sampled',
      settle: 100,
      killAfter: 100,
      interval: 2000,
    })
    expect(report.isolation).toBe('none')
    expect(report.isolationNote).toMatch(/isolation "none" was asked for/)
    expect(report.reaper.kind).toBe('init')
    const orphan = report.process('root.1.1')
    expect(orphan.adopted).toBe(true)
    expect(orphan.parents.at(-1)?.pid).toBe(report.reaper.pid)
    expect(report.verdict.escaped).toEqual(['adopted.1'])
    expect(report.verdict.strays).toEqual(['root.1.1', 'adopted.1'])
    // Not our child: its wait status is not ours to read, so the clean-up's SIGTERM is recorded as
    // sent, and no cause of death is claimed.
    expect(report.process('adopted.1').cleanupSignals).toEqual(['SIGTERM'])
    expect(report.process('adopted.1').killedBy).toBeNull()
    expect(processesOfRun(report.runId)).toEqual([])
  })

  it('lets nothing escape without one when capture is exact: every fork is on the record', async () => {
    const report = await runFixture(fixture('escape.py'), {
      isolation: 'none',
      capture: 'exact',
      settle: 100,
      killAfter: 100,
      interval: 2000,
    })
    expect(report.capture.mode).toBe('exact')
    expect(report.processes.map((p) => p.id)).toEqual(['root', 'root.1', 'root.1.1', 'root.1.1.1', 'root.1.1.1.1'])
    expect(report.verdict.escaped).toEqual([])
    expect(report.verdict.strays).toEqual(['root.1.1', 'root.1.1.1.1'])
    expect(processesOfRun(report.runId)).toEqual([])
  })
})
