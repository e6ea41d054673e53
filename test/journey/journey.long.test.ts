// The journey of a user who installs proclife into a project of their own (README.md, "Use it"):
// pack every package, install the tarballs with npm into a fresh project outside the workspace,
// and use them there as documented. Slow (it installs from the registry; npm's cache makes a
// repeated run faster), so it is a project of its own: `npx vitest run --project journey`.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pathWithoutCompiler } from '../../packages/sentinel/test/helpers/without-compiler.js'
import {
  createProject,
  installNode,
  ok,
  packAll,
  run,
  scratch,
  userEnv,
  type Packed,
  type Ran,
} from './user-project.js'

/** Alive (or a zombie) by its /proc entry: a pid the leak guard killed must be gone. */
const exists = (pid: number): boolean => existsSync(`/proc/${pid}`)

const tarballDir = scratch('proclife-tarballs-')
let tarballs: string[] = []
let packed: Packed = { tarballs: [], platforms: [] }
/** The prebuilt sentinel's tarball for this machine: installed with the others, as the registry would. */
const ours = (): string =>
  packed.platforms.find((t) => t.endsWith(`/proclife-sentinel-linux-${process.arch}-0.1.0.tgz`)) ?? 'missing'
// The user's shell has no C compiler (as node:20-slim and many CI images): the sentinel must come prebuilt.
const shell = pathWithoutCompiler(userEnv()['PATH'])
beforeAll(async () => {
  packed = await packAll(tarballDir)
  tarballs = packed.tarballs
}, 600_000)
afterAll(() => {
  rmSync(tarballDir, { recursive: true, force: true })
  shell.remove()
})

// This machine's Node with the vitest major the workspace uses; then, the same journey on the
// newest Node the registry's `node` package serves with vitest's next major (which needs Node 22+).
describe.each([
  { on: "this machine's Node, vitest 4", node: null, vitest: '^4' },
  { on: 'Node 22 from the registry, vitest 5', node: '22', vitest: '^5' },
])('a project outside this repository, on $on', ({ node, vitest }) => {
  let project = ''
  let nodeBin: string | null = null
  beforeAll(async () => {
    if (node !== null) nodeBin = await installNode(node)
    project = await createProject([...tarballs, ours()], { vitest, env: userEnv({}, { nodeBin, path: shell.path }) })
  }, 600_000)
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true })
    if (nodeBin) rmSync(dirname(dirname(nodeBin)), { recursive: true, force: true })
  })

  /** `npx <args>` in the user's project, as the user's shell would run it. */
  const npx = (args: readonly string[], env: Record<string, string> = {}): Promise<Ran> =>
    run('npx', args, { cwd: project, env: userEnv(env, { nodeBin, path: shell.path }) })

  it('runs on the Node it was installed with', async () => {
    const ran = ok(await run('node', ['--version'], { cwd: project, env: userEnv({}, { nodeBin }) }), 'node --version')
    expect(ran.stdout).toMatch(new RegExp(`^v${node ?? process.versions.node.split('.')[0]}\\.`))
  })

  it('packs one complete tarball per package, with no workspace: ranges', async () => {
    expect(tarballs.map((t) => t.slice(tarballDir.length + 1)).sort()).toEqual([
      'proclife-0.1.0.tgz',
      'proclife-grader-0.1.0.tgz',
      'proclife-proctable-0.1.0.tgz',
      'proclife-report-0.1.0.tgz',
      'proclife-runner-0.1.0.tgz',
      'proclife-sentinel-0.1.0.tgz',
      'proclife-vitest-0.1.0.tgz',
    ])
    for (const name of ['proctable', 'report', 'sentinel', 'runner', 'vitest', 'grader']) {
      const installed = join(project, 'node_modules', '@proclife', name)
      const manifest = readFileSync(join(installed, 'package.json'), 'utf8')
      expect(manifest).not.toMatch(/"(workspace|catalog):/)
      expect(existsSync(join(installed, 'dist', 'index.js'))).toBe(true)
      expect(existsSync(join(installed, 'dist', 'index.d.ts'))).toBe(true)
      expect(existsSync(join(installed, 'LICENSE'))).toBe(true)
    }
    expect(existsSync(join(project, 'node_modules', '.bin', 'proclife'))).toBe(true)
    // The C sources ship with @proclife/sentinel, which compiles them where no prebuilt binary fits.
    expect(existsSync(join(project, 'node_modules', '@proclife', 'sentinel', 'c', 'main.c'))).toBe(true)
  })

  it('installs the prebuilt sentinel of this platform only, with its binary and checksums, and no package runs an install script', async () => {
    expect(packed.platforms.map((t) => t.slice(tarballDir.length + 1))).toContain(
      `sentinels/proclife-sentinel-linux-${process.arch}-0.1.0.tgz`,
    )
    const installed = join(project, 'node_modules', '@proclife', `sentinel-linux-${process.arch}`)
    const manifest = JSON.parse(readFileSync(join(installed, 'sentinel.json'), 'utf8')) as {
      sha256: string
      bytes: number
      static: boolean
      sources: string
    }
    const binary = readFileSync(join(installed, 'bin', 'proclife-sentinel'))
    expect(createHash('sha256').update(binary).digest('hex')).toBe(manifest.sha256)
    expect(manifest).toMatchObject({ bytes: binary.length, static: true })
    expect(statSync(join(installed, 'bin', 'proclife-sentinel')).mode & 0o111).toBe(0o111)
    for (const other of ['x64', 'arm64'].filter((a) => a !== process.arch))
      expect(existsSync(join(project, 'node_modules', '@proclife', `sentinel-linux-${other}`))).toBe(false)
    for (const name of [
      'proctable',
      'report',
      'sentinel',
      'runner',
      'vitest',
      'grader',
      `sentinel-linux-${process.arch}`,
    ]) {
      const { scripts = {} } = JSON.parse(
        readFileSync(join(project, 'node_modules', '@proclife', name, 'package.json'), 'utf8'),
      ) as { scripts?: Record<string, string> }
      expect(
        Object.keys(scripts).filter((s) => /^(pre|post)?install$/.test(s)),
        name,
      ).toEqual([])
    }
  })

  it('has no C compiler on PATH, and proclife doctor says the prebuilt sentinel runs, with exact capture', async () => {
    expect(
      (
        await run('sh', ['-c', 'command -v cc || command -v gcc || command -v clang'], {
          cwd: project,
          env: userEnv({}, { nodeBin, path: shell.path }),
        })
      ).code,
    ).not.toBe(0)
    const ran = ok(await npx(['proclife', 'doctor']), 'proclife doctor')
    expect(ran.stdout).toMatch(
      new RegExp(
        `^✔ sentinel +prebuilt: @proclife/sentinel-linux-${process.arch} 0\\.1\\.0 \\(static, \\d+ bytes\\) at ${join(project, 'node_modules', '@proclife', `sentinel-linux-${process.arch}`, 'bin', 'proclife-sentinel')}$`,
        'm',
      ),
    )
    expect(ran.stdout).toMatch(/^✔ capture +exact \(ptrace\)$/m)
  })

  it('type-checks a test file that uses the matchers', async () => {
    const ran = await npx(['tsc', '-p', '.'])
    expect(ran.stdout + ran.stderr).toBe('')
    expect(ran.code).toBe(0)
  })

  it('runs vitest with the matchers, the callback form and the leak guard, without a sourcemap warning', async () => {
    const leaked = join(project, 'leaked-pids')
    const results = join(project, 'results.json')
    const ran = await npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`], {
      LEAKED_PIDS: leaked,
      CI: '1',
    })
    expect(ran.stdout + ran.stderr).not.toMatch(/sourcemap/i)
    expect(ran.code).toBe(1) // the leak guard fails the leaking test
    const tests = (
      JSON.parse(readFileSync(results, 'utf8')) as {
        testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[]
      }
    ).testResults
      .flatMap((file) => file.assertionResults)
      .sort((a, b) => a.title.localeCompare(b.title))
    expect(tests.map((t) => [t.title, t.status])).toEqual([
      ['leaks a detached child', 'failed'],
      ['observes a callback: a child that is waited for leaves nothing', 'passed'],
      ['runs a script under the sentinel: the orphan is adopted and reaped by the reaper', 'passed'],
      ['runs clean after the leak', 'passed'],
    ])
    expect(tests[0]!.failureMessages[0]).toMatch(
      /^LeakError: The test "leaks a detached child" left 1 process running \(root\.\d+\) behind, still there 1000 ms after the test ended\./,
    )
    expect(tests[0]!.failureMessages[0]).toMatch(/└─ root\.\d+ sleep {2}← stray, killed by the leak guard \(SIGKILL\)/)
    const pids = readFileSync(leaked, 'utf8').trim().split('\n').map(Number)
    await expect.poll(() => pids.filter(exists), { timeout: 10_000 }).toEqual([])
  })

  it('runs a Python and a Node script with npx proclife run --json', async () => {
    const python = await npx(['proclife', 'run', '--json', 'scripts/orphan.py'])
    expect(python.stderr).toBe('')
    expect(python.code).toBe(0)
    const orphan = JSON.parse(python.stdout) as {
      verdict: unknown
      checkpoints: { name: string }[]
      cwd: string
      capture: unknown
      isolation: string
    }
    expect(orphan.capture).toEqual({ mode: 'exact', reason: null })
    expect(orphan.isolation).toBe('subreaper')
    expect(orphan.verdict).toEqual({ zombies: [], orphans: ['root.1'], strays: [], escaped: [], undetermined: [] })
    expect(orphan.checkpoints.map((c) => c.name)).toEqual(['forked'])
    expect(orphan.cwd).toBe(project)

    const ran = await npx(['proclife', 'run', '--json', 'scripts/wait-child.mjs'])
    expect(ran.stderr).toBe('')
    expect(ran.code).toBe(0)
    const waited = JSON.parse(ran.stdout) as {
      verdict: unknown
      stdout: string
      interpreter: { version: string }
      processes: { id: string; reapedBy: string; exit: { code: number } }[]
    }
    expect(waited.interpreter.version).toMatch(new RegExp(`^v${node ?? process.versions.node.split('.')[0]}\\.`))
    expect(waited.stdout).toBe('child exited with 3\n')
    expect(waited.verdict).toEqual({ zombies: [], orphans: [], strays: [], escaped: [], undetermined: [] })
    expect(waited.processes.map((p) => [p.id, p.reapedBy, p.exit.code])).toEqual([
      ['root', 'parent', 0],
      ['root.1', 'parent', 3],
    ])
  })

  it('says in one line what to install for a .ts script without tsx', async () => {
    const ran = await npx(['proclife', 'run', 'scripts/hello.ts'])
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe('')
    expect(ran.stderr).toBe(
      `proclife: ${join(project, 'scripts', 'hello.ts')} is TypeScript, and running it needs tsx, which is not installed. Install it next to proclife: npm i -D tsx.\n`,
    )
  })

  it('grades a two-exercise lab with npx proclife grade --format gradescope', async () => {
    const ran = ok(
      await npx(['proclife', 'grade', '--format', 'gradescope', 'lab', 'lab/submission']),
      'proclife grade',
    )
    const result = JSON.parse(ran.stdout) as {
      score: number
      tests: { number: string; score: number; max_score: number; status: string; output: string }[]
    }
    expect(
      result.tests.map((t) => [t.number, t.status, t.score, t.max_score]),
      result.tests.map((t) => `${t.number}: ${t.output}`).join('\n'),
    ).toEqual([
      ['1.1', 'passed', 2, 2],
      ['1.2', 'passed', 3, 3],
      ['2.1', 'passed', 1, 1],
      ['2.2', 'failed', 0, 4],
    ])
    expect(result.score).toBe(6)
  })

  // The Python helper is the same whichever Node installed it: once is enough.
  it.skipIf(node !== null)(
    'installs the Python helper with pip from the installed package; outside a run checkpoint() does nothing',
    async () => {
      const venv = join(project, '.venv')
      ok(await run('python3', ['-m', 'venv', venv], { cwd: project }), 'python3 -m venv')
      ok(
        await run(join(venv, 'bin', 'pip'), ['install', '--quiet', 'node_modules/@proclife/runner/helpers/python'], {
          cwd: project,
        }),
        'pip install',
      )
      const outside = await run(
        join(venv, 'bin', 'python'),
        ['-c', 'from proclife import checkpoint; checkpoint("a"); checkpoint("b"); print("went on")'],
        { cwd: '/' },
      )
      expect(outside).toEqual({
        code: 0,
        stdout: 'went on\n',
        stderr: "proclife: PROCLIFE_CHECKPOINT is not set; checkpoint('a') does nothing\n",
      })
      // The Python package's version follows the runner's (docs/publishing.md).
      const version = await run(
        join(venv, 'bin', 'python'),
        ['-c', 'import importlib.metadata as m; print(m.version("proclife"))'],
        { cwd: '/' },
      )
      const runner = JSON.parse(
        readFileSync(join(project, 'node_modules', '@proclife', 'runner', 'package.json'), 'utf8'),
      ) as { version: string }
      expect(version.stdout).toBe(`${runner.version}\n`)
      // The other way to have it: one file, copied next to the student's script.
      const copied = await run(
        'python3',
        [
          '-c',
          'import sys; sys.path.insert(0, "node_modules/@proclife/runner/helpers/python"); import proclife; print(proclife.__all__)',
        ],
        { cwd: project },
      )
      expect(copied).toMatchObject({ code: 0, stdout: "['checkpoint', 'CheckpointError']\n" })
    },
  )
})
