import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunReport } from '@proclife/runner'
import { parseSignalFlag } from '../src/commands/run-signals.js'
import { proclifeWith } from './helpers/cli.js'

// `proclife run --signal` sends a signal in the middle of a run, at a checkpoint (held while it is
// sent: the same moment every run) or after a time; `--terminal` gives the run a terminal;
// `--python <one version>` is one run, printed as any run is.

const here = dirname(fileURLToPath(import.meta.url))
const fixture = (name: string): string => join(here, '..', '..', 'runner', 'test', 'fixtures', name)
const dir = mkdtempSync(join(tmpdir(), 'proclife-signal-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// A parent that forwards SIGINT to its child, and a child that says what it got: the bug a
// driver script once had to check, from the command line.
const forwarder = join(dir, 'forwarder.py')
writeFileSync(
  forwarder,
  `import os, signal, sys, time
from proclife import checkpoint
child = os.fork()
if child == 0:
    signal.signal(signal.SIGINT, lambda *_: (print("child got SIGINT", flush=True), os._exit(3)))
    while True:
        time.sleep(1)
signal.signal(signal.SIGINT, lambda *_: os.kill(child, signal.SIGINT))
checkpoint("ready")
os.waitpid(child, 0)
`,
)

const proclife = proclifeWith({ NO_COLOR: '1' })
const reportOf = (stdout: string): RunReport => JSON.parse(stdout) as RunReport

describe('proclife run --signal', () => {
  it('sends a signal at a checkpoint, while the fixture waits there', async () => {
    const { stdout, stderr, exitCode } = await proclife(
      'run',
      '--json',
      '--signal',
      'SIGINT@checkpoint:ready',
      forwarder,
    )
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' })
    const report = reportOf(stdout)
    expect(report.stdout).toBe('child got SIGINT\n')
    expect(report.processes.find((p) => p.id === 'root.1')?.exit).toEqual({ code: 3, signal: null, core: false })
    expect(report.exit).toEqual({ code: 0, signal: null })
  })

  it('sends a signal to another process, named by id, after a time', async () => {
    const { stdout, exitCode } = await proclife(
      'run',
      '--json',
      '--settle',
      '0',
      '--signal',
      'TERM:root.1@300ms',
      '--',
      'sh',
      '-c',
      'sleep 30 & wait',
    )
    expect(exitCode).toBe(0)
    const report = reportOf(stdout)
    expect(report.processes.find((p) => p.id === 'root.1')?.exit).toEqual({
      code: null,
      signal: 'SIGTERM',
      core: false,
    })
  })

  it('says on stderr which signal was not sent because the run ended first', async () => {
    const { stderr, exitCode } = await proclife(
      'run',
      '--json',
      '--signal',
      'INT@checkpoint:never',
      '--signal',
      'INT@60s',
      '--',
      'true',
    )
    expect(exitCode).toBe(0)
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'proclife: --signal INT@checkpoint:never was not sent: the run ended before checkpoint "never"',
      'proclife: --signal INT@60s was not sent: the run ended before 60000 ms after the start',
    ])
  })

  it('refuses a flag it cannot read, in one line, exit 2', async () => {
    for (const [flag, said] of [
      ['SIGINT', '--signal needs <signal>@<when>, e.g. SIGINT@checkpoint:ready or SIGTERM@500ms; got "SIGINT"'],
      ['SIGNOPE@1s', '--signal SIGNOPE@1s: unknown signal "SIGNOPE"'],
      [
        'INT@soon',
        '--signal INT@soon: the moment is checkpoint:<name>, or a time after the start such as 500ms or 2s; got "soon"',
      ],
      ['INT:bob@1s', '--signal INT:bob@1s: "INT:bob" is a signal, then optionally ":" and a process id (root, root.1)'],
    ]) {
      const { stdout, stderr, exitCode } = await proclife('run', '--signal', flag!, '--', 'true')
      expect({ stdout, exitCode, first: stderr.split('\n')[0] }).toEqual({
        stdout: '',
        exitCode: 2,
        first: `proclife: ${said!}`,
      })
    }
  })

  it('parses each form', () => {
    expect(parseSignalFlag('SIGINT@checkpoint:ready')).toEqual({
      signal: 'SIGINT',
      id: 'root',
      at: { checkpoint: 'ready' },
      text: 'SIGINT@checkpoint:ready',
    })
    expect(parseSignalFlag('usr1:root.2@1.5s')).toEqual({
      signal: 'SIGUSR1',
      id: 'root.2',
      at: { ms: 1500 },
      text: 'usr1:root.2@1.5s',
    })
  })
})

describe('proclife run --terminal', () => {
  it('gives the root a terminal of its own, and the report records it', async () => {
    const { stdout, exitCode } = await proclife('run', '--json', '--terminal', '--', 'sh', '-c', 'tty')
    expect(exitCode).toBe(0)
    const report = reportOf(stdout)
    expect(report.stdout).toMatch(/^\/dev\/pts\/\d+\r?\n$/)
    expect(report.terminal?.foreground.length).toBeGreaterThan(0)
  })
})

describe('proclife run --python <one version>', () => {
  it('runs on that Python and prints the tree and the timeline, not a table', async () => {
    const version = (await execa('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'])).stdout
    const { stdout, exitCode } = await proclife('run', '--python', version, fixture('double-fork.py'))
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(new RegExp(`^interpreter +python ${version.replace('.', '\\.')}\\.\\d+ \\(`, 'm'))
    expect(stdout).toMatch(/^└─ root\.1 python[\d.]* \(\d+\) {2}double-fork\.py {2}← exit code 0/m)
    expect(stdout).not.toContain('(newest)')
  })
})
