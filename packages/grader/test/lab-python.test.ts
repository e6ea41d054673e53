import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { GraderError, LabError, labPython, loadLab } from '../src/index.js'

const pyenvRoot = process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv')
const pyenv = (() => {
  try {
    return readdirSync(join(pyenvRoot, 'versions'))
  } catch {
    return []
  }
})()
const scratch = mkdtempSync(join(tmpdir(), 'proclife-lab-python-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function lab(python: string): string {
  const dir = mkdtempSync(join(scratch, 'lab-'))
  writeFileSync(
    join(dir, 'lab.yaml'),
    `lab: versioned\n${python}\nexercises:\n  - id: reap\n    file: reap.py\n    checks: [{ points: 1, spawned: 1 }]\n`,
  )
  return dir
}

describe("a lab's python", () => {
  it('is a quoted version or minimum, one of the two', () => {
    expect(loadLab(lab('python: { minimum: "3.8" }')).python).toEqual({ minimum: '3.8' })
    expect(() => loadLab(lab('python: { version: "3.8", minimum: "3.8" }'))).toThrow(
      /give exactly one of version or minimum/,
    )
    expect(() => loadLab(lab('python: { version: 3.10 }'))).toThrow(LabError)
    expect(() => loadLab(lab('python: { version: 3.10 }'))).toThrow(/a version in quotes, such as "3\.11"/)
  })

  it('without one, the grader uses what it is given, else python3', async () => {
    const plain = loadLab(lab(''))
    expect(await labPython(plain, undefined, scratch)).toBe('python3')
    expect(await labPython(plain, '/usr/bin/python3', scratch)).toBe('/usr/bin/python3')
  })

  it('says clearly when the machine has no Python the lab needs', async () => {
    const error = await labPython(loadLab(lab('python: { version: "3.99" }')), undefined, scratch).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(GraderError)
    expect((error as Error).message).toMatch(
      /^The lab "versioned" needs Python 3\.99 \(lab\.yaml: python\.version\), and this machine has none \(found: [\d., ]+\)\. Install one \(for example `pyenv install 3\.99`/,
    )
  })

  it.skipIf(!pyenv.some((v) => v.startsWith('3.12.')))(
    'picks the newest Python of the version the lab names when python3 is another',
    async () => {
      expect(await labPython(loadLab(lab('python: { version: "3.12" }')), undefined, scratch)).toMatch(
        /\/3\.12\.\d+\/bin\/python$/,
      )
    },
  )

  it.skipIf(!pyenv.some((v) => v.startsWith('3.7.')))(
    "refuses a --python older than the lab's minimum, saying which it is",
    async () => {
      const old = join(
        pyenvRoot,
        'versions',
        pyenv.find((v) => v.startsWith('3.7.'))!,
        'bin',
        'python',
      )
      await expect(labPython(loadLab(lab('python: { minimum: "3.8" }')), old, scratch)).rejects.toThrow(
        /^The lab "versioned" needs Python 3\.8 or newer \(lab\.yaml: python\.minimum\), and --python \S+ is \S+ \(3\.7\.\d+\)\. Give one that fits with --python/,
      )
    },
  )
})
