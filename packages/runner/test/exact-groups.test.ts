import { describe, expect, it } from 'vitest'
import { runFixture, type RunReportWithLookup } from '../src/index.js'
import { fixture } from './helpers/fixtures.js'

// Exact capture traps setpgid and setsid (a seccomp filter, sentinel/c/seccomp.h): each change is
// on the record at the moment of the call, marked exact, even for a process that changes group
// and exits before any sample could see it.

const groupsOf = (report: RunReportWithLookup, id: string): [number, number, boolean][] =>
  report.process(id).groups.map((g) => [g.pgid, g.sid, g.exact])

/** The order of one process's events of these kinds, as the timeline has them. */
const kinds = (report: RunReportWithLookup, id: string, wanted: readonly string[]): string[] =>
  report.events.filter((e) => e.id === id && wanted.includes(e.kind)).map((e) => e.kind)

describe('exact group and session changes', () => {
  it('records a child that moves itself into its own group and exits at once, exactly, before its exit', async () => {
    const report = await runFixture(fixture('setpgid-exit.py'), { capture: 'exact' })
    expect(report.capture.mode).toBe('exact')
    const root = report.process('root')
    const child = report.process('root.1')
    const [rootGroup] = report.process('root').groups
    expect(groupsOf(report, 'root.1')).toEqual([
      [rootGroup!.pgid, rootGroup!.sid, true],
      [child.pid, rootGroup!.sid, true],
    ])
    expect(kinds(report, 'root.1', ['spawn', 'group', 'exit'])).toEqual(['spawn', 'group', 'exit'])
    const line = report.events.find((e) => e.id === 'root.1' && e.kind === 'group')!
    expect(line).toMatchObject({ exact: true, detail: `moved to process group ${child.pid}` })
    expect(groupsOf(report, 'root')).toEqual([[rootGroup!.pgid, rootGroup!.sid, true]])
    expect(root.exit?.code).toBe(0)
  })

  it('records the child a parent moves (only the parent calls setpgid)', async () => {
    const report = await runFixture(fixture('setpgid-child.py'), { capture: 'exact' })
    const child = report.process('root.1')
    const [rootGroup] = report.process('root').groups
    expect(groupsOf(report, 'root.1')).toEqual([
      [rootGroup!.pgid, rootGroup!.sid, true],
      [child.pid, rootGroup!.sid, true],
    ])
    expect(kinds(report, 'root.1', ['spawn', 'group', 'exit'])).toEqual(['spawn', 'group', 'exit'])
    expect(groupsOf(report, 'root')).toHaveLength(1)
  })

  it('records a new session (setsid)', async () => {
    const report = await runFixture(fixture('setsid-exit.py'), { capture: 'exact' })
    const child = report.process('root.1')
    expect(groupsOf(report, 'root.1').at(-1)).toEqual([child.pid, child.pid, true])
    expect(report.events.find((e) => e.id === 'root.1' && e.kind === 'group')?.detail).toBe(
      `moved to a new session ${child.pid}, process group ${child.pid}`,
    )
  })

  it('works for a fixture that runs under no_new_privs', async () => {
    const report = await runFixture(fixture('no-new-privs-groups.py'), { capture: 'exact' })
    expect(report.stdout).toBe('no_new_privs 1\n')
    expect(report.exit).toEqual({ code: 0, signal: null })
    const child = report.process('root.1')
    expect(groupsOf(report, 'root.1').at(-1)).toEqual([child.pid, report.process('root').groups[0]!.sid, true])
  })

  it('works for a fixture with a seccomp filter of its own: its rules hold, its RET_TRACE fails as untraced', async () => {
    const report = await runFixture(fixture('own-seccomp.py'), { capture: 'exact' })
    // Untraced, uname fails with ENOSYS (RET_TRACE and no tracer); the sentinel skips such a call
    // the same way on x86_64 (elsewhere it runs: a documented difference).
    expect(report.stdout).toBe(`uname ${process.arch === 'x64' ? 'ENOSYS' : 'Linux'}\ngetppid -1 EPERM\n`)
    expect(report.exit).toEqual({ code: 0, signal: null })
    const child = report.process('root.1')
    expect(groupsOf(report, 'root.1').at(-1)).toEqual([child.pid, report.process('root').groups[0]!.sid, true])
  })

  it('leaves group changes sampled, and says so, when capture is sampled', async () => {
    const report = await runFixture(fixture('setpgid-child.py'), { capture: 'sampled' })
    expect(report.process('root.1').groups.every((g) => !g.exact)).toBe(true)
    expect(report.events.filter((e) => e.kind === 'group').every((e) => !e.exact)).toBe(true)
  })
})

describe('the signal that stopped a process', () => {
  it('is recorded for each traced stop: SIGTSTP and SIGSTOP', async () => {
    const report = await runFixture(fixture('stop-tstp.py'), { capture: 'exact' })
    expect(report.exit).toEqual({ code: 0, signal: null })
    expect(report.process('root.1').stopped.map((s) => [s.signal, s.to !== null])).toEqual([['SIGTSTP', true]])
    expect(report.process('root.2').stopped.map((s) => [s.signal, s.to !== null])).toEqual([['SIGSTOP', true]])
    expect(report.events.find((e) => e.id === 'root.1' && e.kind === 'stop')).toMatchObject({
      exact: true,
      detail: 'stopped by SIGTSTP (T)',
    })
  })
})
