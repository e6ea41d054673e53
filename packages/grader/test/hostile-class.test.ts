import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  AUTO_UID_BASE,
  cannotSwitchUsers,
  explainFailure,
  failureHtml,
  formatText,
  gradeSubmissions,
  toJUnit,
  gradingTmp,
  hiddenByPrivateTmp,
  ipcNamespace,
  privateMountsAvailable,
  type SubmissionOutcome,
} from '../src/index.js'
import { exampleLab, expectNothingLeft, repoRoot } from './helpers.js'
import { xmlProblem } from './well-formed-xml.js'

// A class graded as root with default options: a well-behaved student (the example lab's reference
// solution) and one hostile submission per attack on the grader itself, in one batch.
const reference = `${exampleLab}/submissions/reference`
const attacks = `${repoRoot}fixtures/labs/hostile/class`
const contained = cannotSwitchUsers() === null && privateMountsAvailable().ok
const scratch = mkdtempSync(join(tmpdir(), 'proclife-class-'))
const results = join(repoRoot, 'node_modules', '.cache', `proclife-class-results-${process.pid}`)
const etcTarget = `/etc/proclife-class-${process.pid}.py`
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  rmSync(results, { recursive: true, force: true })
  rmSync(etcTarget, { force: true })
})

/** Every entry under the folder: a file's hash, a link's target, a folder's mode. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (path: string): void => {
    const stat = lstatSync(path)
    if (stat.isSymbolicLink()) out[path] = 'link'
    else if (stat.isDirectory()) {
      out[path] = `dir ${stat.mode}`
      for (const entry of readdirSync(path)) walk(join(path, entry))
    } else out[path] = createHash('sha256').update(readFileSync(path)).digest('hex')
  }
  walk(dir)
  return out
}

/** System V objects on the machine (`/proc/sysvipc`) owned or made by a uid of `'auto'`. */
function ipcOfRuns(): string[] {
  const left: string[] = []
  for (const kind of ['shm', 'msg', 'sem']) {
    const [header, ...rows] = readFileSync(`/proc/sysvipc/${kind}`, 'utf8').trim().split('\n')
    const columns = header!.trim().split(/\s+/)
    for (const row of rows) {
      const fields = row.trim().split(/\s+/)
      const uids = ['uid', 'cuid'].map((c) => Number(fields[columns.indexOf(c)]))
      if (uids.some((u) => u >= AUTO_UID_BASE) || Number(fields[0]) === 0x50524f43) left.push(`${kind} ${row.trim()}`)
    }
  }
  return left
}

// Raw control characters, which a text report must never hold (newline aside), nor XML (tab, newline aside).
// eslint-disable-next-line no-control-regex
const rawControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/
// eslint-disable-next-line no-control-regex
const rawC0 = /[\u0000-\u001f]/

/** Whether the machine's IPC namespace has the POSIX message queue the attack makes. */
function machineHasAttackQueue(): boolean {
  const probe = spawnSync('python3', [
    '-c',
    'import ctypes, ctypes.util, os, sys; rt = ctypes.CDLL(ctypes.util.find_library("rt") or "librt.so.1"); sys.exit(0 if rt.mq_open(b"/proclife-attack", os.O_RDONLY) >= 0 else 1)',
  ])
  return probe.status === 0
}

/** A submission: the reference solution, then what `change` does to it. */
function student(name: string, change: (dir: string) => void = () => {}): string {
  const dir = join(scratch, name)
  cpSync(reference, dir, { recursive: true })
  change(dir)
  return dir
}

describe.skipIf(!contained)(
  'a class with one submission per attack on the grader, graded as root in one batch with a well-behaved victim',
  () => {
    it("the victim keeps full marks and every file; each attack is that submission's grade; nothing outside the copies changes, nothing is left", async () => {
      mkdirSync(results, { recursive: true })
      writeFileSync(join(results, 'earlier.json'), '{"score": 3}\n')
      writeFileSync(join(scratch, 'secret'), 'not yours\n', { mode: 0o600 })
      const victim = student('victim')
      const hostile = {
        // Links, each at the name of a file the grader writes (the Python helper), or a folder on its way.
        'link-classmate': student('link-classmate', (d) => symlinkSync('../victim/socket.py', join(d, 'proclife.py'))),
        'link-etc': student('link-etc', (d) => symlinkSync(etcTarget, join(d, 'proclife.py'))),
        'link-results': student('link-results', (d) =>
          symlinkSync(join(results, 'victim.json'), join(d, 'proclife.py')),
        ),
        'link-dangling': student('link-dangling', (d) => symlinkSync('../nowhere/proclife.py', join(d, 'proclife.py'))),
        'link-folder': student('link-folder', (d) => {
          symlinkSync('../victim', join(d, 'proclife.py'))
          symlinkSync('../victim', join(d, 'node_modules'))
        }),
        'hard-link': student('hard-link', (d) => linkSync(join(scratch, 'secret'), join(d, 'notes.txt'))),
        'many-files': student('many-files', (d) => {
          mkdirSync(join(d, 'flood'))
          for (let i = 0; i < 20_000; i++) writeFileSync(join(d, 'flood', String(i)), '')
        }),
        'ipc-write': student('ipc-write', (d) => cpSync(join(attacks, 'ipc_write.py'), join(d, 'reap_one.py'))),
        'ipc-read': student('ipc-read', (d) => cpSync(join(attacks, 'ipc_read.py'), join(d, 'reap_one.py'))),
        // Escapes in its process name, a child's argv, its output; and in its folder's name a newline and a tab.
        escapes: student('escapes\n\tvictim  0\u204490\x1b[2J', (d) =>
          cpSync(join(attacks, 'escapes.py'), join(d, 'reap_one.py')),
        ),
      }
      const before = { victim: snapshot(victim), results: snapshot(results), scratch: readdirSync(scratch).sort() }
      const tmpBefore = new Set(readdirSync(gradingTmp()))

      const folders = [...Object.values(hostile), victim]
      const outcomes = await gradeSubmissions(exampleLab, folders, {
        only: ['reap-one'],
        concurrency: 1,
        hide: [results],
      })
      const by = Object.fromEntries(Object.keys(hostile).map((name, i) => [name, outcomes[i]!])) as Record<
        keyof typeof hostile,
        SubmissionOutcome
      >
      const graded = outcomes.at(-1)!

      // The victim: full marks, every file as it was.
      expect(graded.error).toBeNull()
      expect(graded.result!.score).toBe(10)
      expect(snapshot(victim)).toEqual(before.victim)
      // Nothing appeared outside the copies: in /etc, the results, beside the submissions.
      expect(existsSync(etcTarget)).toBe(false)
      expect(snapshot(results)).toEqual(before.results)
      expect(readdirSync(scratch).sort()).toEqual(before.scratch)
      // Every link submission was graded (a link is data); its run found no helper of the grader's where the link stood.
      for (const name of ['link-classmate', 'link-etc', 'link-results', 'link-dangling', 'link-folder'] as const) {
        expect(by[name].error, name).toBeNull()
        expect(by[name].result!.exercises[0]!.error, name).toBeNull()
      }
      // Refused before anything was copied, with why; the batch went on.
      expect(by['hard-link'].error).toBe(
        'the submission\'s "notes.txt" is a hard link to a file with 1 name outside the submission: copy the file itself instead',
      )
      expect(by['many-files'].error).toBe(
        "the submission has more than 2000 files and folders (the lab's submission.maxFiles): it was not copied",
      )
      // IPC: the writer's objects were its own, gone with it; the reader found none.
      if (ipcNamespace().ok) {
        expect(by['ipc-write'].result!.exercises[0]!.stderr).toMatch(/^left shm \d+, msg \d+, mq \d+\n$/)
        expect(by['ipc-read'].result!.exercises[0]!.stderr).toBe('shm none, msg none, mq none\n')
        expect(by['ipc-write'].result!.exercises[0]!.notes[0]).toContain(
          '; IPC objects and hostname of its own (unshare --ipc --uts), gone with the run;',
        )
      }
      expect(ipcOfRuns()).toEqual([])
      expect(machineHasAttackQueue()).toBe(false)
      // The text report shows every escape, and acts on none; no line of the program's starts a line of the report's.
      const text = formatText(by.escapes.result!)
      expect(text).not.toMatch(rawControl)
      expect(text).toContain('submission ' + join(scratch, 'escapes\\n\\tvictim  0\u204490\\x1b[2J'))
      expect(text).toContain('\\x1b]0;pwned\\x07')
      expect(text).toContain('\\x1b[2J\\x1b[H\\x1b[32m')
      expect(text).not.toMatch(/^ *\u2714 +10\/10/m)
      // The other formats escape in their own way: JSON, JUnit XML, the SVG picture and its HTML.
      const failed = by.escapes.result!.exercises[0]!.checks.find((c) => !c.passed && c.svg !== null)!
      expect(JSON.stringify(by.escapes.result)).not.toMatch(rawC0)
      for (const xml of [
        toJUnit(by.escapes.result!),
        failed.svg!,
        `<div>${failureHtml(explainFailure(failed), failed.svg!)}</div>`,
      ]) {
        expect(xmlProblem(xml)).toBeNull()
        expect(xml.replaceAll('\n', '')).not.toMatch(rawC0)
      }
      // No process, cgroup or temporary copy of any run is left.
      for (const o of outcomes) if (o.result) expectNothingLeft(o.result)
      expect(
        readdirSync(gradingTmp()).filter(
          (e) => !tmpBefore.has(e) && new RegExp(`^proclife-(grade|build)-${process.pid}-`).test(e),
        ),
      ).toEqual([])
    })

    it("a run's /proc/self/mountinfo names the class's folder, not the classmates hidden in it", async () => {
      // Outside /tmp (a run's private /tmp hides what is there without a mount of its own), also
      // where the repository itself lies under /tmp (a fresh clone there).
      const outside = hiddenByPrivateTmp(realpathSync(repoRoot))
        ? join(homedir(), '.cache', 'proclife')
        : join(repoRoot, 'node_modules', '.cache')
      const klass = join(outside, `proclife-class-${process.pid}`, 'submissions')
      try {
        cpSync(reference, join(klass, 'alice-victim'), { recursive: true })
        cpSync(reference, join(klass, 'mallory'), { recursive: true })
        cpSync(join(attacks, 'mountinfo.py'), join(klass, 'mallory', 'reap_one.py'))
        const [mallory, alice] = await gradeSubmissions(
          exampleLab,
          [join(klass, 'mallory'), join(klass, 'alice-victim')],
          { only: ['reap-one'], concurrency: 1 },
        )
        expect(alice!.result!.score).toBe(10)
        const mounts = mallory!.result!.exercises[0]!.stderr.split('\n')
        expect(mounts).toContain(klass)
        expect(mounts.filter((m) => m.includes('alice') || m.includes('mallory'))).toEqual([])
      } finally {
        rmSync(dirname(klass), { recursive: true, force: true })
      }
    })
  },
)
