import { existsSync } from 'node:fs'
import { execa } from 'execa'
import { expect, it } from 'vitest'
import { heldTerminal } from '@proclife/report'
import { runFixture, startFixture, TerminalUnavailableError } from '../src/index.js'
import { fixture } from './helpers/fixtures.js'

it('gives the root a terminal: typed text reaches it, ctrl-c makes the kernel send SIGINT, its output is stdout', async () => {
  const run = await startFixture(fixture('terminal-read.sh'), { terminal: true })
  run.type('hello\n')
  // Once it is cat, the line was read and answered: ctrl-c now cannot flush it unread.
  await run.waitFor((v) => v.processes.some((p) => p.id === 'root' && p.argv?.[0] === 'cat'), {
    description: 'the root to become cat',
  })
  run.key('ctrl-c')
  const report = await run.done
  expect(report.exit).toEqual({ code: null, signal: 'SIGINT' })
  expect(report.stdout).toBe('got hello\n')
  expect(report.stderr).toBe('')
  const root = report.process('root')
  // In a session of its own, leading its group, and that group held the terminal from the start.
  expect(root.groups[0]).toMatchObject({ pgid: root.pid, sid: root.pid })
  expect(report.terminal?.foreground[0]?.pgid).toBe(root.pid)
  // Exact capture: nothing changed the foreground group, and a change would have been caught at its call.
  expect(report.terminal?.exact).toBe(true)
  expect(report.events.filter((e) => e.kind === 'typed').map((e) => e.detail)).toEqual([
    'typed "hello\\n"',
    'typed ctrl-c',
  ])
  // The kernel's SIGINT, not the harness's: no signal event at all.
  expect(report.events.filter((e) => e.kind === 'signal')).toEqual([])
})

it("records the terminal's foreground group as a job takes it (tcsetpgrp) and gives it back", async () => {
  const run = await startFixture(fixture('terminal-job.py'), { terminal: true })
  const view = await run.waitFor(
    (v) => {
      const job = v.processes.find((p) => p.id === 'root.1')
      return job !== undefined && v.foreground === job.pid
    },
    { description: 'root.1 to hold the terminal' },
  )
  const job = view.processes.find((p) => p.id === 'root.1')!
  run.key('ctrl-c')
  const report = await run.done
  const root = report.process('root')
  // Only the foreground group got the keyboard's SIGINT; the root, in another group, went on.
  expect(report.process('root.1').exit?.signal).toBe('SIGINT')
  expect(report.exit).toEqual({ code: 0, signal: null })
  expect(report.stdout).toBe('job ended by signal 2\n')
  const groups = report.terminal!.foreground.map((f) => f.pgid)
  // The root's group, the job's, the root's again; then none once the session leader exited.
  expect(groups.slice(0, 3)).toEqual([root.pid, job.pid, root.pid])
  expect(groups.slice(3)).toEqual(groups.length > 3 ? [0] : [])
  expect(heldTerminal(report, report.process('root.1'))).toMatchObject({ pgid: job.pid })
  // Both changes were caught at the return of the tcsetpgrp that made them.
  expect(report.terminal!.foreground.slice(1, 3).map((f) => f.exact)).toEqual([true, true])
  expect(report.terminal!.exact).toBe(true)
  expect(
    report.events
      .filter((e) => e.kind === 'foreground')
      .map((e) => e.detail)
      .slice(0, 3),
  ).toEqual([
    `the terminal's foreground group became ${root.pid}`,
    `the terminal's foreground group became ${job.pid}`,
    `the terminal's foreground group became ${root.pid}`,
  ])
  // Decided by order: the job's group held the terminal before its exit, the ctrl-c in between.
  const at = (kind: string, id: string | null): number => report.events.find((e) => e.kind === kind && e.id === id)!.at
  expect(report.terminal!.foreground[1]!.at).toBeLessThanOrEqual(at('typed', null))
  expect(at('typed', null)).toBeLessThanOrEqual(at('exit', 'root.1'))
})

it('catches a foreground change undone at once, with no other event between (exact capture traps tcsetpgrp)', async () => {
  const report = await runFixture(fixture('terminal-flip.py'), { terminal: true })
  const root = report.process('root')
  const job = report.process('root.1')
  const changes = report.terminal!.foreground.filter((f) => f.pgid !== 0)
  expect(changes.map((f) => [f.pgid, f.exact])).toEqual([
    [root.pid, false],
    [job.pid, true],
    [root.pid, true],
  ])
  expect(report.terminal!.exact).toBe(true)
  // In the kernel's order: the job had its group before it held the terminal, and ended after.
  const at = (kind: string, id: string | null): number => report.events.find((e) => e.kind === kind && e.id === id)!.at
  expect(changes[1]!.at).toBeGreaterThanOrEqual(at('group', 'root.1'))
  expect(changes[2]!.at).toBeLessThanOrEqual(job.exitedAt!)
})

it('refuses a terminal where none can be had (the Node stand-in sentinel): a clear error, nothing started', async () => {
  const saved = process.env['PROCLIFE_SENTINEL']
  process.env['PROCLIFE_SENTINEL'] = 'node'
  try {
    const error = await startFixture(fixture('terminal-read.sh'), { terminal: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TerminalUnavailableError)
    expect((error as TerminalUnavailableError).message).toBe(
      'No terminal can be given to the run: the Node stand-in sentinel runs this run (PROCLIFE_SENTINEL=node: the native sentinel is not used), and it has no pseudo-terminal to give. A run with a terminal needs the native sentinel and a working /dev/ptmx (devpts).',
    )
  } finally {
    if (saved === undefined) delete process.env['PROCLIFE_SENTINEL']
    else process.env['PROCLIFE_SENTINEL'] = saved
  }
})

// Root can make a mount namespace whose /dev/ptmx is /dev/null: opening it works, grantpt does not.
const canHideTerminals = process.getuid?.() === 0 && existsSync('/usr/bin/unshare')

it.skipIf(!canHideTerminals)(
  'refuses a terminal where the native sentinel cannot open one: a clear error, nothing started',
  async () => {
    const script = fixture('../helpers/start-with-terminal.ts')
    const { stdout } = await execa(
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        'mount --bind /dev/null /dev/ptmx && exec "$@"',
        'sh',
        process.execPath,
        '--conditions=@proclife/source',
        '--import',
        'tsx',
        script,
      ],
      { reject: false },
    )
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      name: 'TerminalUnavailableError',
      terminal: true,
      message:
        'No terminal can be given to the run: grantpt/unlockpt: Invalid argument. A run with a terminal needs the native sentinel and a working /dev/ptmx (devpts).',
    })
  },
)

it('refuses to type at a run without a terminal', async () => {
  const run = await startFixture(fixture('tree.sh'))
  expect(() => run.key('ctrl-c')).toThrow(TerminalUnavailableError)
  expect(() => run.key('ctrl-x' as 'ctrl-c')).toThrow(
    'Unknown key "ctrl-x". Known: ctrl-c, ctrl-z, ctrl-\\, ctrl-d, enter.',
  )
  run.closeStdin()
  const report = await run.done
  expect(report.terminal).toBeUndefined()
})
