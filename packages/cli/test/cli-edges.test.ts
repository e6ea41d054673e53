import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { REPORT_SCHEMA } from '@proclife/report'
import { runUsage } from '../src/commands/run.js'
import { proclife } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const lab = join(here, '..', '..', '..', 'fixtures', 'labs', 'process-lifecycles')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-cli-edges-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs the CLI as a user would, in a pipe. */

describe('the command line, at its edges', () => {
  it.each([
    [
      ['run', '--timeout', '-5', 'x.py'],
      'proclife: --timeout needs a number of milliseconds; got "-5"',
      'Usage: proclife run',
    ],
    [
      ['run', '--frobnicate', 'x.py'],
      'proclife: unknown option --frobnicate; proclife run --help lists its options',
      'Usage: proclife run',
    ],
    [
      ['run', '--json=yes', 'x.py'],
      'proclife: --json takes no value; proclife run --help lists its options',
      'Usage: proclife run',
    ],
    [
      ['run', '--svg', '--json', 'x.py'],
      'proclife: --svg needs a value, and "--json" after it is an option (a value that starts with "-" is written --svg=--json)',
      'Usage: proclife run',
    ],
    [
      ['run', 'x.py', '--svg'],
      'proclife: --svg needs a value after it; proclife run --help lists its options',
      'Usage: proclife run',
    ],
    [
      ['grade', '--jobs', '-3', 'lab', 'sub'],
      'proclife: --jobs is a whole number of at least 1; got "-3"',
      'Usage: proclife grade',
    ],
    [
      ['prove', '--repeat', '-1', 'lab'],
      'proclife: --repeat is a whole number from 1 to 20; got "-1"',
      'Usage: proclife prove',
    ],
  ])(
    'says what is wrong with the command line in a line of its own, with exit status 2: %j',
    async (args, message, usage) => {
      const { stderr, stdout, exitCode } = await proclife(...args)
      expect(exitCode).toBe(2)
      expect(stdout).toBe('')
      const lines = stderr.split('\n')
      expect(lines[0]).toBe(message)
      expect(lines[1]).toMatch(new RegExp(`^${usage}`))
      expect(lines).toHaveLength(2)
    },
  )

  it('grade --out makes the folders the result file goes in', async () => {
    const out = join(scratch, 'results', 'week-1', 'alice.json')
    const { exitCode, stderr } = await proclife(
      'grade',
      '--format',
      'json',
      '--out',
      out,
      '--only',
      'reap-one',
      lab,
      join(lab, 'wrong', 'reap-one', 'no-wait'),
    )
    expect(stderr).toBe('')
    expect(exitCode).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ schema: 'proclife.grade/v1', score: 5 })
    expect(existsSync(join(dirname(out), 'alice.pictures'))).toBe(true)
  })

  it('grade --out under a file is one line naming the path, before anything runs', async () => {
    writeFileSync(join(scratch, 'a-file'), '')
    const out = join(scratch, 'a-file', 'alice.json')
    const { exitCode, stderr, stdout } = await proclife(
      'grade',
      '--out',
      out,
      lab,
      join(lab, 'submissions', 'reference'),
    )
    expect(exitCode).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      `proclife: Cannot write the results to ${out}: a file is in the way of a folder on that path. Pass --out a path in a folder you can write to.`,
    )
  })

  it.each([
    ['grade', lab, join(lab, 'submissions', 'reference')],
    ['prove', lab],
    ['run', join(lab, 'submissions', 'reference', 'reap_one.py')],
  ])('%s --python with a version this machine lacks says so once, in one line', async (command, ...rest) => {
    const { exitCode, stderr, stdout } = await proclife(command, '--python', '9.9', ...rest)
    expect(exitCode).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^proclife: --python 9\.9: No Python 9\.9 was found on this machine \(found: [\d., ]+\)\./)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('--help names the schema the run report has, and says how long a run lasts', () => {
    expect(runUsage).toContain(`(${REPORT_SCHEMA})`)
    expect(runUsage).toMatch(
      /--settle <ms> +after the root exits, wait at most this long for the rest to end;\n +what is still alive then is a stray, and is killed/,
    )
    const cli = readFileSync(join(here, '..', '..', '..', 'docs', 'cli.md'), 'utf8')
    expect(cli).toContain(`\`${REPORT_SCHEMA}\``)
    expect(cli).not.toMatch(/proclife\.run\/v(?!2)\d/)
  })

  it('--json prints the schema that --help names', async () => {
    const { stdout, exitCode } = await proclife('run', '--json', '--', 'sh', '-c', 'exit 0')
    expect(exitCode).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ schema: REPORT_SCHEMA })
  })
})
