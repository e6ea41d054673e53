import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { proclifeWith } from './helpers/cli.js'

const pyenv = (() => {
  try {
    return readdirSync(join(process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv'), 'versions'))
  } catch {
    return []
  }
})()
const has = (prefix: string): boolean => pyenv.some((v) => v.startsWith(`${prefix}.`))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-cli-prove-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A one-exercise lab that names its Python, with a reference solution. */
function lab(name: string, python: string): string {
  const dir = join(scratch, name)
  mkdirSync(join(dir, 'submissions', 'reference'), { recursive: true })
  writeFileSync(
    join(dir, 'lab.yaml'),
    `lab: ${name}\npython: ${python}\nexercises:\n  - id: reap\n    file: reap.py\n    checks:\n      - { id: reaped, points: 1, reapedBy: { process: root.1, by: parent } }\n`,
  )
  writeFileSync(
    join(dir, 'submissions', 'reference', 'reap.py'),
    'import os\npid = os.fork()\nif pid == 0:\n    os._exit(7)\nos.waitpid(pid, 0)\n',
  )
  return dir
}

// As root the runs' default user cannot execute pyenv's Pythons (under /root): --user root keeps
// these tests about the lab's python, not about users (docs/labs.md explains the choice).
const asRoot = process.getuid?.() === 0 ? ['--user', 'root'] : []
const proclife = proclifeWith({ GITHUB_OUTPUT: undefined })

describe('a lab that names its Python', () => {
  it('proclife grade says clearly when the machine lacks it: one line, exit 2', async () => {
    const dir = lab('needs-399', '{ version: "3.99" }')
    const { stdout, stderr, exitCode } = await proclife('grade', ...asRoot, dir, join(dir, 'submissions', 'reference'))
    expect({ stdout, exitCode }).toEqual({ stdout: '', exitCode: 2 })
    expect(stderr).toMatch(
      /^proclife: The lab "needs-399" needs Python 3\.99 \(lab\.yaml: python\.version\), and this machine has none \(found: [\d., ]+\)\. Install one .*, or give one with --python\.$/,
    )
  })

  it.skipIf(!has('3.7') || !has('3.13'))(
    'proclife prove --python <several> proves it on each, shows an interpreter the lab rules out, and exits 2 for one the machine lacks',
    async () => {
      const dir = lab('from-38', '{ minimum: "3.8" }')
      const { stdout, stderr, exitCode } = await proclife('prove', ...asRoot, '--python', '3.7,3.13,3.99', dir)
      const rows = stdout.split('\n')
      expect(rows[0]).toBe(`proclife prove  from-38  on 3 interpreters`)
      expect(rows[2]).toMatch(
        /^– 3\.7\.\d+ +not proved: The lab "from-38" needs Python 3\.8 or newer \(lab\.yaml: python\.minimum\), and --python \S+ is \S+ \(3\.7\.\d+\)\./,
      )
      expect(rows[3]).toMatch(/^✔ 3\.13\.\d+ +1 of 1 solutions score as they should +\/\S+python$/)
      expect(rows[4]).toMatch(/^– 3\.99 +No Python 3\.99 was found on this machine/)
      expect(stderr).toMatch(/^proclife: --python 3\.99: No Python 3\.99 was found on this machine \(found: .*\)\.$/)
      expect(exitCode).toBe(2)
    },
  )
})
