import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GroupSignalError, startFixture } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

// The Node stand-in (PROCLIFE_SENTINEL=node) signals process groups under the native sentinel's
// rules: every member proven the run's by pid and start time, never the harness's own group.
describe('group signals without the native sentinel', () => {
  const saved = process.env['PROCLIFE_SENTINEL']
  beforeAll(() => {
    process.env['PROCLIFE_SENTINEL'] = 'node'
  })
  afterAll(() => {
    if (saved === undefined) delete process.env['PROCLIFE_SENTINEL']
    else process.env['PROCLIFE_SENTINEL'] = saved
  })

  it('signals a whole process group at once, and records groups (sampled)', async () => {
    const run = await startFixture(fixture('job-group.sh'), { newSession: true })
    await run.waitFor(
      (v) =>
        v.processes.some((p) => p.id === 'root.1.1' && p.argv?.[0] === 'cat') &&
        v.processes.some((p) => p.id === 'root.1.2'),
      { description: 'the job and its two cats' },
    )
    const pgid = await run.signalGroup('root.1', 'SIGTERM')
    expect(pgid).toBe(run.view().processes.find((p) => p.id === 'root.1')!.pid)
    const report = await run.done
    expect(report.isolation).toBe('none')
    // The stand-in cannot read the exit status of processes it did not start: that they ended by
    // themselves (the cats were blocked on stdin, never closed) and nothing was left for the
    // clean-up shows the signal reached all three; the root, in another group, exited by itself.
    expect(['root.1', 'root.1.1', 'root.1.2'].map((id) => report.process(id).exitedAt !== null)).toEqual([
      true,
      true,
      true,
    ])
    expect(report.verdict.strays).toEqual([])
    expect(report.exit).toEqual({ code: 0, signal: null })
    expect(report.events.find((e) => e.kind === 'signal')?.detail).toBe(
      `SIGTERM to its process group ${pgid} (request)`,
    )
    expect(report.process('root.1').groups.at(-1)).toMatchObject({ pgid, exact: false })
    expect(processesOfRun(report.runId)).toEqual([])
  })

  it("refuses the harness's own group with the native sentinel's words, and signals nothing", async () => {
    const run = await startFixture(fixture('tree.sh'))
    await run.waitFor((v) => v.processes.length === 3, { description: 'the root and its two cats' })
    const error = await run.signalGroup('root', 'SIGTERM').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GroupSignalError)
    expect((error as GroupSignalError).message).toBe(
      "Cannot signal the process group of root: the process is in the harness's own process group (the run has no session of its own).",
    )
    run.closeStdin()
    const report = await run.done
    expect(report.exit).toEqual({ code: 0, signal: null })
    expect(report.events.filter((e) => e.kind === 'signal' && !e.detail.includes('cleanup'))).toEqual([])
  })
})
