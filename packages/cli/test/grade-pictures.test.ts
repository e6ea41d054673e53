import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli.js'

// `proclife grade --out` writes the picture of each failed check's run beside the result, from a
// real grade of the example lab's wrong solutions.

const here = dirname(fileURLToPath(import.meta.url))
const lab = join(here, '..', '..', '..', 'fixtures', 'labs', 'process-lifecycles')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-cli-pictures-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const proclife = (args: string[]) =>
  runCli(args, { env: { NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_OUTPUT: undefined } })

describe('proclife grade --out: the pictures beside the result', () => {
  it('one submission: results.pictures/ holds one SVG per failed check, the same picture as the html feedback', async () => {
    const out = join(scratch, 'one', 'results.json')
    mkdirSync(dirname(out))
    const { stdout, exitCode } = await proclife([
      'grade',
      '--format',
      'gradescope',
      '--out',
      out,
      '--only',
      'reap-one',
      lab,
      join(lab, 'wrong', 'reap-one', 'no-wait'),
    ])
    expect(exitCode).toBe(0)
    const folder = join(scratch, 'one', 'results.pictures')
    expect(stdout).toContain(`pictures of the 2 failed checks in ${folder}`)
    expect(readdirSync(folder).sort()).toEqual(['reap-one.reaped.svg', 'reap-one.reported.svg'])
    const tests = (
      JSON.parse(readFileSync(out, 'utf8')) as { tests: { name: string; status: string; output: string }[] }
    ).tests
    const reaped = readFileSync(join(folder, 'reap-one.reaped.svg'), 'utf8')
    expect(reaped).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [\s\S]*<\/svg>$/)
    expect(tests.find((t) => t.name.endsWith('root.1 is reaped by its parent'))!.output).toContain(reaped)

    // Graded again, now right: the old pictures go, so none shows a failure this grade did not have.
    writeFileSync(join(folder, 'notes.txt'), "the instructor's own file stays\n")
    const again = await proclife([
      'grade',
      '--format',
      'gradescope',
      '--out',
      out,
      '--only',
      'reap-one',
      lab,
      join(lab, 'submissions', 'reference'),
    ])
    expect(again.exitCode).toBe(0)
    expect(again.stdout).not.toContain('pictures of')
    expect(readdirSync(folder)).toEqual(['notes.txt'])
  })

  it('several submissions: <name>.pictures/ beside each result file, none for full marks', async () => {
    const out = join(scratch, 'batch')
    const { exitCode } = await proclife([
      'grade',
      '--jobs',
      '2',
      '--format',
      'junit',
      '--out',
      out,
      '--only',
      'reap-one',
      lab,
      join(lab, 'wrong', 'reap-one', 'raw-status'),
      join(lab, 'submissions', 'reference'),
    ])
    expect(exitCode).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['index.html', 'raw-status.pictures', 'raw-status.xml', 'reference.xml'])
    expect(readdirSync(join(out, 'raw-status.pictures'))).toEqual(['reap-one.reported.svg'])
    expect(existsSync(join(out, 'reference.pictures'))).toBe(false)
  })

  it("a file in the way of the pictures' folder is refused before anything runs: one line, exit 2", async () => {
    const out = join(scratch, 'blocked', 'results.json')
    mkdirSync(dirname(out))
    writeFileSync(join(scratch, 'blocked', 'results.pictures'), '')
    const { stderr, exitCode } = await proclife([
      'grade',
      '--out',
      out,
      '--only',
      'reap-one',
      lab,
      join(lab, 'wrong', 'reap-one', 'raw-status'),
    ])
    expect(exitCode).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain('results.pictures is in the way of the pictures of the failed checks')
    expect(existsSync(out), 'no grade was made').toBe(false)
  })
})
