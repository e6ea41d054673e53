import { readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const fixture = join(here, '..', '..', 'runner', 'test', 'fixtures', 'reaps-from-3-8.py')
const pyenvVersions = (() => {
  try {
    return readdirSync(join(process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv'), 'versions'))
  } catch {
    return []
  }
})()
const has = (prefix: string): boolean => pyenvVersions.some((v) => v.startsWith(`${prefix}.`))

const proclife = (env: Record<string, string | undefined>, ...args: string[]) =>
  runCli(args, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } })

describe.skipIf(!has('3.7') || !has('3.13'))('proclife run --python <several>', () => {
  it('prints one table, the values that differ from the newest marked * in a pipe; a version the machine lacks is one line and exit 2, and the other rows still run', async () => {
    const { stdout, stderr, exitCode } = await proclife({}, 'run', '--python', '3.7,3.13,3.99', fixture)
    expect(stderr).toMatch(/^proclife: --python 3\.99: No Python 3\.99 was found on this machine \(found: .*\)\.$/)
    expect(exitCode).toBe(2)
    const rows = stdout.split('\n')
    expect(rows[0]).toMatch(/^proclife run {2}.*reaps-from-3-8\.py {2}on 3 interpreters, [\d.]+ s$/)
    expect(rows[2]).toMatch(/^interpreter +zombies +orphans +strays +undetermined +exit$/)
    expect(rows[3]).toMatch(/^3\.7\.\d+ +root\.1\* +none +none +none +exit code 0 +\/.*python$/)
    expect(rows[4]).toMatch(/^3\.13\.\d+ \(newest\) +none +none +none +none +exit code 0 +\/.*python$/)
    expect(rows[5]).toMatch(/^3\.99 +No Python 3\.99 was found/)
    expect(rows.at(-1)).toMatch(/^Values marked \* differ from the newest interpreter's \(3\.13\.\d+\)\.$/)
  })

  it('colours the differing values instead of marking them when colour is on', async () => {
    const { stdout, exitCode } = await proclife({ FORCE_COLOR: '1' }, 'run', '--python', '3.7,3.13', fixture)
    expect(exitCode).toBe(0)
    expect(stdout).toContain('\u001B[33mroot.1')
    expect(stdout).not.toContain('root.1*')
  })

  it('--json gives one report per interpreter', async () => {
    const { stdout, exitCode } = await proclife({}, 'run', '--json', '--python', '3.7,3.13', fixture)
    expect(exitCode).toBe(0)
    const rows = JSON.parse(stdout) as {
      asked: string
      differs: string[]
      report: { schema: string; verdict: { zombies: string[] } }
    }[]
    expect(rows.map((r) => [r.asked, r.report.schema, r.report.verdict.zombies, r.differs])).toEqual([
      ['3.7', expect.stringMatching(/^proclife\.run\//), ['root.1'], ['zombies']],
      ['3.13', expect.stringMatching(/^proclife\.run\//), [], []],
    ])
  })

  it('refuses --svg with several interpreters before running anything', async () => {
    const { stdout, stderr, exitCode } = await proclife({}, 'run', '--svg', '/tmp/x.svg', '--python', 'all', fixture)
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 2 })
    expect(stderr.split('\n')[0]).toBe(
      'proclife: --svg and --html picture one run; with several --python interpreters, run one of them alone for its picture',
    )
  })
})
