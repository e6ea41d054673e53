import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const lab = join(here, '..', '..', '..', 'fixtures', 'labs', 'process-lifecycles')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-cli-visible-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// eslint-disable-next-line no-control-regex
const rawControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

describe("proclife grade: a student's folder name cannot forge a line of the batch", () => {
  it('a name with a newline, a tab and an escape is shown with them visible, on its own line; the summary follows', async () => {
    const victim = join(scratch, 'victim')
    const forged = join(scratch, 'evil\n\tvictim  0\u204490\x1b[2J')
    cpSync(join(lab, 'submissions', 'reference'), victim, { recursive: true })
    cpSync(join(lab, 'submissions', 'reference'), forged, { recursive: true })
    const { stdout, exitCode } = await runCli(['grade', '--only', 'reap-one', '--jobs', '2', lab, victim, forged], {
      env: { NO_COLOR: '1' },
    })
    expect(exitCode).toBe(0)
    expect(stdout).not.toMatch(rawControl)
    const lines = stdout.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines).toContainEqual(expect.stringMatching(/^victim +10\/10$/))
    expect(lines).toContain('evil\\n\\tvictim  0\u204490\\x1b[2J  10/10')
    expect(lines.at(-1)).toBe('2 of 2 submissions graded; mean 10/10')
  })

  it("--out: a link planted at a result's name is replaced, never followed; a folder there is reported on that line, and the batch goes on", async () => {
    const out = join(scratch, 'results')
    const outside = join(scratch, 'outside.txt')
    mkdirSync(join(out, 'blocked.json'), { recursive: true })
    writeFileSync(outside, 'untouched\n')
    symlinkSync(outside, join(out, 'planted.json'))
    for (const name of ['planted', 'blocked'])
      cpSync(join(lab, 'submissions', 'reference'), join(scratch, name), { recursive: true })
    const { stdout, exitCode } = await runCli(
      [
        'grade',
        '--only',
        'reap-one',
        '--format',
        'json',
        '--out',
        out,
        lab,
        join(scratch, 'planted'),
        join(scratch, 'blocked'),
      ],
      { env: { NO_COLOR: '1' } },
    )
    expect(exitCode).toBe(0)
    expect(readFileSync(outside, 'utf8')).toBe('untouched\n')
    expect(lstatSync(join(out, 'planted.json')).isFile()).toBe(true)
    expect((JSON.parse(readFileSync(join(out, 'planted.json'), 'utf8')) as { score: number }).score).toBe(10)
    expect(stdout).toMatch(/^blocked +10\/10 +\(its result could not be written: ERR_FS_EISDIR\)$/m)
    expect(stdout).toMatch(/^2 of 2 submissions graded; mean 10\/10; results in /m)
  })
})
