import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { GraderError, privateMountsAvailable, proveLab } from '../src/index.js'

const scratch = mkdtempSync(join(tmpdir(), 'proclife-hidden-interpreter-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const mounts = privateMountsAvailable()
// As root the runs' default user could not execute a Node in this private scratch folder, and the
// grader would fall back to the machine's: --user root keeps the test about /tmp.
const asRoot = process.getuid?.() === 0 ? { user: 'root' as const } : {}

it.skipIf(!mounts.ok)(
  `refuses an interpreter installed under /tmp, which every run's private /tmp hides, before any run${mounts.ok ? '' : ` (skipped: ${mounts.why})`}`,
  async () => {
    // A real Node binary under /tmp: the grader itself can run it, no run of a submission could.
    const node = join(mkdirSync(join(scratch, 'bin'), { recursive: true })!, 'node')
    try {
      linkSync(process.execPath, node)
    } catch {
      copyFileSync(process.execPath, node)
    }
    const lab = join(scratch, 'lab')
    mkdirSync(join(lab, 'submissions', 'reference'), { recursive: true })
    writeFileSync(
      join(lab, 'lab.yaml'),
      'lab: hidden\nexercises:\n  - id: hello\n    file: hello.mjs\n    checks:\n      - { id: said, points: 1, stdoutMatches: "^hello" }\n',
    )
    writeFileSync(join(lab, 'submissions', 'reference', 'hello.mjs'), 'console.log("hello")\n')
    const refused = await proveLab(lab, { ...asRoot, interpreters: { node } }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(GraderError)
    expect((refused as Error).message).toBe(
      `The node interpreter ${node} lies under ${tmpdir()}, which each run's private /tmp hides: install it elsewhere (for example under /opt), or turn the private mounts off (the option privateFiles: false).`,
    )
    // With the private mounts off, the same Node grades.
    const proof = await proveLab(lab, { ...asRoot, interpreters: { node }, privateFiles: false })
    expect(proof.cases.map((c) => [c.name, c.score, c.error])).toEqual([['reference', 1, null]])
  },
)
