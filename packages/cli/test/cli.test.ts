import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { proclife, runCli } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const fixture = (name: string): string => join(here, '..', '..', 'runner', 'test', 'fixtures', name)

/** Runs the CLI as a user would (in a pipe: no colour, no progress line). */

/** The pids of pid's children (of its main thread), from /proc. */
const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

describe('proclife run', () => {
  it('shows the tree, the timeline and the verdict, without colour in a pipe', async () => {
    const { stdout, stderr, exitCode } = await proclife('run', fixture('never-reaped.py'))
    expect(exitCode).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).not.toContain('\u001B[')
    expect(stdout).toMatch(/^proclife run {2}python3 never-reaped\.py$/m)
    expect(stdout).toMatch(
      /^└─ root\.1 python3 \(\d+\) .*← zombie, handed to the sentinel \(pid \d+\) unreaped, exit code 3, reaped by the sentinel \(pid \d+\), held as a zombie for \d+ ms$/m,
    )
    expect(stdout).toMatch(/^timeline \(~ = sampled, else exact\)$/m)
    expect(stdout).toMatch(/ root\.1 +exit +exit code 3$/m)
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✘ 1 zombie (root.1) · no orphans · no strays')
  })

  it('shows a zombie its parent reaped late, with how long it was held, and no zombie in the verdict', async () => {
    const { stdout } = await proclife('run', fixture('zombie.py'))
    expect(stdout).toMatch(/^└─ root\.1 python3 \(\d+\) .*← exit code 3, held as a zombie for \d+ ms$/m)
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✔ no zombies · no orphans · no strays')
  })

  it('prints the RunReport with --json', async () => {
    const { stdout, exitCode } = await proclife('run', '--json', fixture('double-fork.py'))
    expect(exitCode).toBe(0)
    const report = JSON.parse(stdout) as { schema: string; verdict: unknown; processes: { id: string }[] }
    expect(report.schema).toBe('proclife.run/v2')
    expect(report.processes.map((p) => p.id)).toEqual(['root', 'root.1', 'root.1.1'])
    expect(report.verdict).toEqual({ zombies: [], orphans: ['root.1.1'], strays: [], escaped: [], undetermined: [] })
  })

  it('exits 1 when an --assert check fails, and says which and why', async () => {
    const { stderr, exitCode } = await proclife('run', '--assert', 'no-strays,no-zombies', fixture('never-reaped.py'))
    expect(exitCode).toBe(1)
    // The words are the check registry's: what the check asks, then what was seen.
    expect(stderr).toBe(
      '✘ --assert no-zombies: expected every child is reaped by its own parent; root.1: its parent died without reaping it, so it was handed to the sentinel as a zombie',
    )
  })

  it('passes every --assert check that holds', async () => {
    const { exitCode } = await proclife('run', '--assert', 'no-zombies,no-strays,exit-0', '--', 'sh', '-c', 'exit 0')
    expect(exitCode).toBe(0)
  })

  it.each([
    [['run', 'no-such-script.py'], /^proclife: Script not found: .*no-such-script\.py\. Check the path/],
    [['run', '--timeout', 'soon', 'x.py'], /^proclife: --timeout needs a number of milliseconds; got "soon"$/m],
    [['run', '--assert', 'no-ghosts', 'x.py'], /^proclife: unknown check "no-ghosts" in --assert; known: no-zombies, /],
    [
      ['run', '--frobnicate', 'x.py'],
      /^proclife: unknown option --frobnicate; proclife run --help lists its options$/m,
    ],
    [['run'], /^proclife: nothing to run/],
    [['run', 'a.py', 'b.py'], /^proclife: one script at a time; to pass arguments, use: proclife run -- a\.py b\.py$/m],
    [
      ['run', '--python', 'python-not-here', fixture('zombie.py')],
      /^proclife: The python interpreter "python-not-here" was not found on PATH\./,
    ],
    [['frob'], /^proclife: unknown command "frob"/],
  ])('refuses bad input in one line, with exit status 2: %j', async (args, message) => {
    const { stderr, stdout, exitCode } = await proclife(...args)
    expect(exitCode).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr).not.toMatch(/^\s+at /m)
  })

  it('says so in one line, exits 3 and does not hang when the sentinel is killed mid-run', async () => {
    const cli = proclife('run', '--', 'sh', '-c', 'sleep 60 & sleep 60 & wait')
    // The sentinel is the CLI's child; the run is up when its three processes are on the record:
    // both children have exec'd sleep and sleep in it. (A child is in /proc as soon as it is forked,
    // before the tracing sentinel has reported it; its exec is reported before it runs on.)
    const sleeping = (pid: number): boolean => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        return stat.includes('(sleep) S ')
      } catch {
        return false
      }
    }
    let sentinel: number | undefined
    for (const deadline = Date.now() + 15_000; sentinel === undefined && Date.now() < deadline;) {
      const pid = childrenOf(cli.pid!).find((child) =>
        readFileSync(`/proc/${child}/comm`, 'utf8').startsWith('proclife-sentin'),
      )
      const root = pid === undefined ? undefined : childrenOf(pid)[0]
      if (pid !== undefined && root !== undefined && childrenOf(root).filter(sleeping).length >= 2) sentinel = pid
      else await new Promise((resolve) => setTimeout(resolve, 10)) // bounded polling for a state
    }
    process.kill(sentinel!, 'SIGKILL')
    const { stderr, exitCode } = await cli
    expect(exitCode).toBe(3)
    expect(stderr).toBe("proclife: the sentinel was killed by SIGKILL; the run's 3 processes were killed.")
  })

  it('uses colour when asked to', async () => {
    const { stdout } = await runCli(['run', '--', 'sh', '-c', 'exit 0'], { env: { FORCE_COLOR: '1' } })
    expect(stdout).toContain('\u001B[32m✔\u001B[39m')
  })
})

describe('proclife doctor', () => {
  it('says what this machine does with processes, and what it means', async () => {
    const { stdout, exitCode } = await proclife('doctor')
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^✔ subreaper +yes$/m)
    expect(stdout).toMatch(/^✔ capture +exact \(ptrace\)$/m)
    expect(stdout).toMatch(/^✔ pidfd +yes$/m)
    expect(stdout).toMatch(/^. without a sentinel +\S+ \(pid \d+\) adopts orphans/m)
    expect(stdout).toMatch(/^✔ python3 +3\.\d+\.\d+ at \/\S+; default start method (fork|spawn|forkserver)/m)
    expect(stdout).toMatch(/^✔ pid_max +\d+$/m)
    // Every interpreter the machine has, resolved and asked its version (proclife run --python all).
    expect(stdout).toMatch(/^✔ python 3\.\d+\.\d+ +\/\S+ \((PATH|pyenv|asdf|system)(, \w+)*\)$/m)
    expect(stdout).toMatch(/^✔ node v\d+\.\d+\.\d+ +\/\S+ \((?:\w+, )*running\)$/m)
    // What the grader can contain untrusted code with, probed for real.
    for (const what of ['processes', 'memory', 'network', 'file size', 'users', 'files', 'python', 'commands'])
      expect(stdout).toMatch(new RegExp(`^[✔!✘] grading: ${what} +\\S`, 'm'))
    // Every finding is followed by what it means.
    const lines = stdout.trimEnd().split('\n')
    expect(lines.length % 2).toBe(0)
  })
})
