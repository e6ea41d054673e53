import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { userCwd } from '../src/user-cwd.js'
import { runCli } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const lab = join(root, 'fixtures', 'labs', 'process-lifecycles')

/** The CLI in a pipe, started in `cwd` with exactly `env` added (npm's variables are dropped). */
const proclife = (cwd: string, env: Record<string, string>, ...args: string[]) =>
  runCli(args, {
    cwd,
    reject: false,
    env: { INIT_CWD: undefined, npm_package_json: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
  })

describe('userCwd', () => {
  it('is INIT_CWD while the process sits where npm moved it, else the working directory', () => {
    const npm = { INIT_CWD: '/home/u/app/scripts', npm_package_json: '/home/u/app/package.json' }
    expect(userCwd(npm, '/home/u/app')).toBe('/home/u/app/scripts')
    // INIT_CWD is inherited: a process started elsewhere by an npm script keeps its own directory.
    expect(userCwd(npm, '/tmp/elsewhere')).toBe('/tmp/elsewhere')
    expect(userCwd({ INIT_CWD: '/home/u/app/scripts' }, '/home/u/app')).toBe('/home/u/app')
    expect(userCwd({}, '/home/u/app')).toBe('/home/u/app')
  })
})

describe('proclife as a user meets it', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'proclife-cli-'))
    await writeFile(join(dir, 'exit-3.py'), 'import sys\nsys.exit(3)\n')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('resolves a script against the directory the user typed the command in (INIT_CWD under npm run)', async () => {
    const { stdout, stderr, exitCode } = await proclife(
      root,
      { INIT_CWD: dir, npm_package_json: join(root, 'package.json') },
      'run',
      '--json',
      'exit-3.py',
    )
    expect(stderr).toBe('')
    expect(exitCode).toBe(0)
    const report = JSON.parse(stdout) as { cwd: string; exit: { code: number } }
    expect(report.exit.code).toBe(3)
    expect(report.cwd).toBe(dir)
  })

  it('names --python, not the API option, when the interpreter is missing; no usage text', async () => {
    for (const args of [
      ['run', '--python', 'python9', 'exit-3.py'],
      ['grade', '--python', 'python9', lab, join(lab, 'submissions', 'reference')],
    ]) {
      const { stdout, stderr, exitCode } = await proclife(dir, {}, ...args)
      expect(exitCode).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toBe(
        'proclife: The python interpreter "python9" was not found on PATH. Install Python 3 (for example `apt-get install python3`) or pass --python /path/to/python3.',
      )
    }
  })

  it("says where a relative script was looked for, in the CLI's terms", async () => {
    const { stderr, exitCode } = await proclife(dir, {}, 'run', 'missing.py')
    expect(exitCode).toBe(2)
    expect(stderr).toBe(
      `proclife: Script not found: ${join(dir, 'missing.py')}. Check the path; a relative path is resolved against the directory you ran proclife in.`,
    )
  })

  it('adds the usage line to usage errors only', async () => {
    const usage = await proclife(dir, {}, 'grade', lab)
    expect(usage.exitCode).toBe(2)
    expect(usage.stderr.split('\n')[1]).toMatch(/^Usage: proclife grade /)
    const input = await proclife(dir, {}, 'grade', join(dir, 'no-lab'), dir)
    expect(input.exitCode).toBe(2)
    expect(input.stderr).toBe(
      `proclife: No lab folder at ${join(dir, 'no-lab')}: give the folder that holds the lab's lab.yaml.`,
    )
  })
})

describe('proclife run in a pipe', () => {
  it('says once that a script which does not end by itself is still running, and until when', async () => {
    const { stdout, stderr, exitCode } = await proclife(
      root,
      {},
      'run',
      '--json',
      '--timeout',
      '6000',
      'fixtures/python/fork-zombie.py',
    )
    expect(exitCode).toBe(0)
    expect(stderr).toBe(
      'proclife: still running after 5 s; the run ends it at --timeout 6000 ms (pass --timeout <ms> to end it sooner)',
    )
    const report = JSON.parse(stdout) as { exit: { signal: string | null } }
    expect(report.exit.signal).not.toBeNull()
  })
})
