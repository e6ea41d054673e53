import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { GradeResult } from '@proclife/grader'
import { parseGradeArgs } from '../src/commands/grade.js'
import { runCli } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const lab = join(here, '..', '..', '..', 'fixtures', 'labs', 'process-lifecycles')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-cli-grade-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const proclife = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, GITHUB_OUTPUT: undefined, ...env } })

describe('proclife grade', () => {
  it('prints the report per exercise, and for a failed check why, with the tree and the timeline', async () => {
    const { stdout, stderr, exitCode } = await proclife([
      'grade',
      '--only',
      'reap-one',
      lab,
      join(lab, 'wrong', 'reap-one', 'no-wait'),
    ])
    expect(stderr).toBe('')
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^Process lifecycles — zombies, orphans, reaping: 5\/10 points$/m)
    expect(stdout).toMatch(/^ {2}✘ {3}0\/3 {2}root\.1 is reaped by its parent$/m)
    expect(stdout).toContain('root.1 was reaped by the sentinel (its parent never waited for it)')
    expect(stdout).toContain('hint: The parent must wait for its child')
    expect(stdout).toMatch(/└─ root\.1 python3 \(\d+\) .*zombie, handed to the sentinel \(pid \d+\) unreaped/)
    expect(stdout).toMatch(/ root\.1 +reap +reaped by the reaper/)
  })

  it('writes Gradescope results.json with --out and still shows the report', async () => {
    const out = join(scratch, 'results.json')
    const { stdout, exitCode } = await proclife([
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
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/: 10\/10 points$/m)
    const results = JSON.parse(readFileSync(out, 'utf8')) as { score: number; tests: { status: string }[] }
    expect(results.score).toBe(10)
    expect(results.tests.map((t) => t.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed'])
  })

  it('prints JUnit XML, and gives GitHub Classroom its base64 result in $GITHUB_OUTPUT', async () => {
    const junit = await proclife([
      'grade',
      '--format',
      'junit',
      '--only',
      'reap-one',
      lab,
      join(lab, 'wrong', 'reap-one', 'raw-status'),
    ])
    expect(junit.exitCode).toBe(0)
    expect(junit.stdout).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="process-lifecycles" tests="5" failures="1" errors="0"/,
    )
    const githubOutput = join(scratch, 'github-output')
    writeFileSync(githubOutput, '')
    const gh = await proclife(
      ['grade', '--format', 'github', '--only', 'reap-one', lab, join(lab, 'wrong', 'reap-one', 'raw-status')],
      { GITHUB_OUTPUT: githubOutput },
    )
    expect(gh.exitCode).toBe(0)
    const printed = JSON.parse(gh.stdout) as { version: number; status: string; max_score: number }
    expect(printed).toMatchObject({ version: 1, status: 'fail', max_score: 10 })
    const line = readFileSync(githubOutput, 'utf8').trim()
    expect(line).toMatch(/^result=[A-Za-z0-9+/]+=*$/)
    expect(JSON.parse(Buffer.from(line.slice('result='.length), 'base64').toString('utf8'))).toEqual(printed)
  })

  it('exits 2 with one line naming the field for a lab that is not valid, and for bad arguments', async () => {
    const badLab = join(scratch, 'bad-lab')
    rmSync(badLab, { recursive: true, force: true })
    await import('node:fs').then((fs) => fs.mkdirSync(badLab))
    writeFileSync(
      join(badLab, 'lab.yaml'),
      'lab: x\nexercises:\n  - id: e\n    file: e.py\n    checks:\n      - points: 1\n        spawned: many\n',
    )
    const bad = await proclife(['grade', badLab, scratch])
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('exercises[0].checks[0].spawned: Invalid input: expected number, received string')
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/)
    const unknown = await proclife(['grade', '--only', 'nope', lab, scratch])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toMatch(
      /no exercise "nope" in process-lifecycles; its exercises: reap-one, zombie-on-signal, orphan, popen-leak/,
    )
    const missing = await proclife(['grade', lab, join(scratch, 'nothing-here')])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toMatch(/No submission folder at/)
    const user = await proclife([
      'grade',
      '--user',
      'no-such-user-here',
      '--only',
      'reap-one',
      lab,
      join(lab, 'submissions', 'reference'),
    ])
    expect(user.exitCode).toBe(2)
    expect(user.stderr).toMatch(
      /^proclife: Cannot run as user "no-such-user-here": (there is no such user in \/etc\/passwd|.* needs the grader to run as root|setpriv .* is not on PATH.*)\.$/m,
    )
    expect(user.stdout).toBe('')
  })

  it('grades several submissions at once: a line each as they finish, a result file each in --out', async () => {
    const out = join(scratch, 'batch')
    const submissions = [
      join(lab, 'submissions', 'reference'),
      join(lab, 'wrong', 'reap-one', 'no-wait'),
      join(lab, 'wrong', 'reap-one', 'raw-status'),
    ]
    const { stdout, stderr, exitCode } = await proclife([
      'grade',
      '--jobs',
      '3',
      '--format',
      'gradescope',
      '--out',
      out,
      '--only',
      'reap-one',
      lab,
      ...submissions,
    ])
    expect(stderr).toBe('')
    expect(exitCode).toBe(0)
    expect(
      stdout
        .split('\n')
        .filter((l) => / \d+\/10$/.test(l))
        .sort(),
    ).toEqual(['no-wait     5/10', 'raw-status  8/10', 'reference   10/10'])
    expect(stdout).toMatch(/^3 of 3 submissions graded; mean 7\.7\/10; results in /m)
    const scores = ['reference', 'no-wait', 'raw-status'].map(
      (n) => (JSON.parse(readFileSync(join(out, `${n}.json`), 'utf8')) as { score: number }).score,
    )
    expect(scores).toEqual([10, 5, 8])
    // Bad input is found before anything runs.
    const missing = await proclife(['grade', lab, submissions[0]!, join(scratch, 'nothing-here')])
    expect(missing.exitCode).toBe(2)
    expect(missing.stderr).toMatch(
      /^proclife: No submission folder at .*nothing-here: each submission is a folder of one student's files\. Check the path; nothing was graded\.$/m,
    )
    expect(missing.stdout).toBe('')
    const noOut = await proclife(['grade', '--format', 'junit', lab, ...submissions])
    expect(noOut.exitCode).toBe(2)
    expect(noOut.stderr).toContain('with several submissions, --format junit needs --out <folder>')
  })

  it.skipIf(process.getuid?.() !== 0)(
    "as root, by default: one student cannot lower another's grade by rewriting their file (the batch of the issue)",
    async () => {
      // Outside /tmp, as submissions usually are: a run's private /tmp would hide them anyway.
      const batch = join(here, '..', '..', '..', 'node_modules', '.cache', `proclife-cli-batch-${process.pid}`)
      const evil = join(batch, 'a-evil')
      const victim = join(batch, 'b-victim')
      try {
        mkdirSync(evil, { recursive: true })
        mkdirSync(victim, { recursive: true })
        copyFileSync(join(lab, 'submissions', 'reference', 'orphan.py'), join(victim, 'orphan.py'))
        // Finds the other submissions on the grader's command line and rewrites their orphan.py.
        writeFileSync(
          join(evil, 'orphan.py'),
          [
            'import os',
            'if os.getuid() == 0:',
            '    raise SystemExit("refusing to run as root")',
            'for pid in filter(str.isdigit, os.listdir("/proc")):',
            '    try:',
            '        args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\\0")',
            '    except OSError:',
            '        continue',
            '    for arg in args:',
            '        path = os.path.join(arg.decode(errors="replace"), "orphan.py")',
            '        if arg.startswith(b"/") and arg.endswith(b"b-victim"):',
            '            try:',
            '                open(path, "w").write("raise SystemExit(1)\\n")',
            '                print("rewrote", path)',
            '            except OSError as error:',
            '                print(path, error.strerror)',
            '',
          ].join('\n'),
        )
        const before = readFileSync(join(victim, 'orphan.py'))
        const out = join(batch, 'results')
        const { stdout, exitCode } = await proclife([
          'grade',
          '--jobs',
          '1',
          '--only',
          'orphan',
          '--format',
          'json',
          '--out',
          out,
          lab,
          evil,
          victim,
        ])
        expect(exitCode).toBe(0)
        expect(stdout).toMatch(/^b-victim {2}10\/10$/m)
        expect(readFileSync(join(victim, 'orphan.py')).equals(before)).toBe(true)
        // The attack ran, as a user of its own, and found the victim's folder out of reach.
        const [attack] = (JSON.parse(readFileSync(join(out, 'a-evil.json'), 'utf8')) as GradeResult).exercises
        expect(attack!.notes[0]).toMatch(/; runs as uid \d+ \(a user of its own\), without capabilities$/)
        // A clone under /tmp is hidden whole by the run's private /tmp: then the folder is not even found.
        expect(attack!.stdout).toMatch(
          batch.startsWith('/tmp/')
            ? /^\S+\/b-victim\/orphan\.py No such file or directory$/m
            : /^\S+\/b-victim\/orphan\.py Permission denied$/m,
        )
      } finally {
        rmSync(batch, { recursive: true, force: true })
      }
    },
  )

  it('parses its arguments', () => {
    expect(parseGradeArgs(['--help'])).toBe('help')
    expect(parseGradeArgs(['lab', 'sub'])).toEqual({
      lab: 'lab',
      submissions: ['sub'],
      format: 'text',
      out: null,
      html: null,
      only: null,
      jobs: null,
      user: null,
      python: null,
    })
    expect(parseGradeArgs(['--user', 'auto', 'lab', 'a'])).toMatchObject({ user: 'auto' })
    expect(() => parseGradeArgs(['--user', '', 'lab', 'a'])).toThrow('--user needs auto, a user name or a uid')
    expect(parseGradeArgs(['--jobs', '4', 'lab', 'a', 'b'])).toMatchObject({ submissions: ['a', 'b'], jobs: 4 })
    expect(() => parseGradeArgs(['--jobs', '0', 'lab', 'a'])).toThrow(/--jobs is a whole number of at least 1; got "0"/)
    expect(parseGradeArgs(['--format', 'junit', '--only', 'a,b', 'lab', 'sub'])).toMatchObject({
      format: 'junit',
      only: ['a', 'b'],
    })
    expect(() => parseGradeArgs(['lab'])).toThrow(
      /grade takes a lab folder and one or more submission folders; got "lab"/,
    )
    expect(() => parseGradeArgs(['--format', 'xml', 'lab', 'sub'])).toThrow(
      /--format is one of text, gradescope, prairielearn, github, junit, json; got "xml"/,
    )
  })
})

describe('proclife prove', () => {
  it('exits 0 for a lab whose solutions score as they should, 1 naming each difference otherwise', async () => {
    const mini = join(scratch, 'mini-lab')
    rmSync(mini, { recursive: true, force: true })
    // One exercise of the example lab, its reference, and two of its wrong solutions.
    const { mkdirSync, cpSync } = await import('node:fs')
    mkdirSync(join(mini, 'submissions', 'reference'), { recursive: true })
    writeFileSync(
      join(mini, 'lab.yaml'),
      readFileSync(join(lab, 'lab.yaml'), 'utf8').split('\n  - id: zombie-on-signal')[0]!,
    )
    cpSync(join(lab, 'submissions', 'reference', 'reap_one.py'), join(mini, 'submissions', 'reference', 'reap_one.py'))
    for (const variant of ['no-wait', 'raw-status'])
      cpSync(join(lab, 'wrong', 'reap-one', variant), join(mini, 'wrong', 'reap-one', variant), { recursive: true })

    const proven = await proclife(['prove', '--jobs', '3', mini])
    expect(proven.stderr).toBe('')
    expect(proven.exitCode).toBe(0)
    expect(proven.stdout).toMatch(/^✔ reference +10\/10 {2}full marks$/m)
    expect(proven.stdout).toMatch(/^✔ reap-one\/no-wait +5\/10 {2}fails reaped, reported$/m)
    expect(proven.stdout).toMatch(/: proven — 3 of 3 solutions score as they should$/m)

    writeFileSync(join(mini, 'wrong', 'reap-one', 'raw-status', 'expect.yaml'), 'fails: [reaped]\n')
    const notProven = await proclife(['prove', mini])
    expect(notProven.exitCode).toBe(1)
    expect(notProven.stdout).toMatch(
      /^✘ reap-one\/raw-status +8\/10 {2}should fail: \[reaped\]\n {30}did fail: {4}\[reported\]$/m,
    )
    expect(notProven.stdout).toMatch(
      /^ {4}· reap-one\/reaped passed, but should fail \(root\.1 was reaped by its parent\)$/m,
    )
    expect(notProven.stdout).toMatch(
      /^ {4}· reap-one\/reported failed: run 1 of 2: the output does not match \/\^child exited with 7\$\/; it was: "child exited with 1792"$/m,
    )
    expect(notProven.stdout).toMatch(/: not proven — 2 of 3 solutions score as they should$/m)
    expect(notProven.stdout.trimEnd().split('\n').at(-1)).toBe('[check]: not as its expect.yaml says')

    const noLab = await proclife(['prove', join(scratch, 'nothing-here')])
    expect(noLab.exitCode).toBe(2)
    expect(noLab.stderr).toMatch(
      /^proclife: No lab folder at .*nothing-here: give the folder that holds the lab's lab\.yaml\.$/m,
    )
  }, 180_000)
})
