import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defineLab, loadLab } from '../src/index.js'
import { exampleLab, problems } from './helpers.js'

const dirs: string[] = []
function labDir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'proclife-lab-test-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'lab.yaml'), yaml)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('lab format', () => {
  it('loads the example lab', () => {
    const lab = loadLab(exampleLab)
    expect(lab.lab).toBe('process-lifecycles')
    expect(lab.exercises.map((e) => e.id)).toEqual([
      'reap-one',
      'zombie-on-signal',
      'orphan',
      'popen-leak',
      'double-fork-daemon',
      'sigchld-burst',
      'mp-worker-at-exit',
      'sigchld-ignored',
      'pool',
    ])
    expect(lab.exercises[1]!.steps).toEqual([
      { waitCheckpoint: 'zombie-ready' },
      { waitZombie: 'root.1', timeout: 1000 },
      { release: 'zombie-ready' },
      { signal: { process: 'root', signal: 'SIGUSR1' } },
    ])
  })

  it('names every wrong field', () => {
    const dir = labDir(`
lab: bad lab
exercises:
  - id: one
    file: /etc/passwd
    limits: { timeout: -1, maxProcesses: 0, colour: red }
    steps:
      - sleep: 1
    checks:
      - points: 1
      - points: 2
        spawned: 1
        noZombies: true
      - points: x
        reapedBy: { process: root.1, by: init }
      - points: 1
        exitStatus: { code: 1, signal: SIGTERM }
  - id: one
    file: a.py
    checks: []
`)
    const found = problems(() => loadLab(dir))
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^lab: letters, digits, _ and -/),
        expect.stringMatching(/^exercises\[0\]\.file: a relative path inside the submission/),
        expect.stringMatching(/^exercises\[0\]\.limits\.timeout: /),
        expect.stringMatching(/^exercises\[0\]\.limits\.maxProcesses: /),
        expect.stringMatching(/^exercises\[0\]\.limits: .*colour/),
        expect.stringMatching(/^exercises\[0\]\.steps\[0\]: a step is one of: send, closeStdin, waitCheckpoint/),
        expect.stringMatching(/^exercises\[0\]\.checks\[0\]: a check needs one of: spawned, atMostConcurrent/),
        expect.stringMatching(
          /^exercises\[0\]\.checks\[1\]: a check has exactly one kind; this one has spawned and noZombies/,
        ),
        expect.stringMatching(/^exercises\[0\]\.checks\[2\]\.points: /),
        expect.stringMatching(/^exercises\[0\]\.checks\[2\]\.reapedBy\.by: /),
        expect.stringMatching(/^exercises\[0\]\.checks\[3\]\.exitStatus: give exactly one of code or signal/),
        expect.stringMatching(/^exercises\[1\]\.checks: an exercise needs at least one check/),
      ]),
    )
  })

  it('rejects two exercises with one id', () => {
    const exercise = { id: 'one', file: 'a.py', checks: [{ points: 1, spawned: 0 }] }
    expect(problems(() => defineLab({ lab: 'x', exercises: [exercise, exercise] }))).toEqual([
      'exercises[1].id: duplicate exercise id "one"',
    ])
  })

  it('reports YAML syntax errors and a missing lab.yaml', () => {
    expect(() => loadLab(labDir('lab: [unclosed'))).toThrow(/is not valid YAML/)
    expect(() => loadLab(tmpdir())).toThrow(/No lab\.yaml in/)
  })

  it('defineLab takes the same format in TypeScript', () => {
    const lab = defineLab({
      lab: 'inline',
      exercises: [{ id: 'e', file: 'e.py', checks: [{ points: 1, nothingLeftRunning: true }] }],
    })
    expect(lab.dir).toBeNull()
    expect(lab.exercises[0]!.checks[0]!.nothingLeftRunning).toBe(true)
    expect(
      problems(() =>
        defineLab({ lab: 'x', exercises: [{ id: 'e', file: 'e.py', checks: [{ points: 1, stdoutMatches: '(' }] }] }),
      ),
    ).toEqual(['exercises[0].checks[0].stdoutMatches: a valid regular expression'])
  })
})
