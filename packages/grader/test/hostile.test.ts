import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createMemoryCgroup,
  createPidsCgroup,
  gradeSubmission,
  loadLab,
  prlimitAvailable,
  networkNamespace,
  removeStaleCgroups,
  type ExerciseResult,
  type GradeResult,
  type PidsCgroup,
} from '../src/index.js'
import { expectNothingLeft, repoRoot, scores } from './helpers.js'

const lab = `${repoRoot}fixtures/labs/hostile`
const submission = `${lab}/submission`
// A fork bomb is only run where a pids cgroup can hold it; the fallback is tested with a bounded forker.
const probe = createPidsCgroup(1)
const cgroups = !('why' in probe)
if (!('why' in probe)) await probe.remove()
const memoryProbe = createMemoryCgroup(64 * 1024 * 1024)
const memoryCgroups = !('why' in memoryProbe)
if (!('why' in memoryProbe)) await memoryProbe.remove()
const network = networkNamespace().ok ? /; no network \(a network namespace of its own/ : /; network not isolated/

const byId = (result: GradeResult, id: string): ExerciseResult => result.exercises.find((e) => e.id === id)!
const check = (e: ExerciseResult, id: string) => e.checks.find((c) => c.id === `${e.id}/${id}`)!

describe('hostile submissions are contained, graded, and leave nothing behind', () => {
  it.skipIf(!cgroups)('in a pids cgroup', async () => {
    // Without a memory cgroup (or prlimit) nothing would stop the memory hog (or the file flood) but
    // the time limit: it is not run.
    const skipped = [...(memoryCgroups ? [] : ['memory-hog']), ...(prlimitAvailable() ? [] : ['file-flood'])]
    // The attacks on what lies outside a run's copy are graded in hostile-batch.test.ts.
    const exercises = loadLab(lab)
      .exercises.filter((e) => !e.file.startsWith('attack_'))
      .map((e) => e.id)
      .filter((id) => !skipped.includes(id))
    const result = await gradeSubmission(lab, submission, { only: exercises })
    expectNothingLeft(result)
    const expected: Record<string, number> = {
      'fork-bomb/clean-exit': 0,
      'fork-bomb/tidy': 0,
      'fork-bomb/bounded': 1,
      'infinite-loop/clean-exit': 0,
      'infinite-loop/tidy': 0,
      'output-flood/clean-exit': 0,
      'output-flood/tidy': 0,
      'memory-hog/clean-exit': 0,
      'memory-hog/tidy': 1,
      'file-flood/clean-exit': 0,
      'file-flood/tidy': 1,
      'term-ignoring-orphan/clean-exit': 1,
      'term-ignoring-orphan/tidy': 0,
      'term-ignoring-orphan/orphan-ends': 0,
      'double-fork-escape/clean-exit': 1,
      'double-fork-escape/tidy': 0,
      'double-fork-escape/daemon-reaped-by-parent': 0,
      'syntax-error/clean-exit': 0,
      'syntax-error/tidy': 1,
      'many-children/clean-exit': 0,
      'many-children/tidy': 0,
    }
    for (const id of Object.keys(expected)) if (skipped.includes(id.split('/')[0]!)) delete expected[id]
    expect(scores(result)).toEqual(expected)
    for (const e of result.exercises) {
      expect(e.notes[0]).toMatch(/^contained: pids cgroup v[12] \(at most 16 processes and threads\)/)
      expect(e.notes[0]).toMatch(network)
      expect(e.error).toBeNull()
    }

    const bomb = byId(result, 'fork-bomb')
    expect(bomb.notes).toContainEqual(
      expect.stringMatching(
        /^the process limit \(16\) was reached: \d+ new process(es or threads were| or thread was) refused$/,
      ),
    )
    expect(bomb.notes).toContain('the time limit (3000 ms) was reached: everything was killed')
    expect(check(bomb, 'bounded').detail).toMatch(/^at most (\d|1[0-5]) alive at once/)

    const loop = byId(result, 'infinite-loop')
    expect(loop.notes).toContain('the time limit (800 ms) was reached: everything was killed')
    expect(check(loop, 'clean-exit').detail).toBe('root: killed by SIGTERM (the run timed out)')

    const flood = byId(result, 'output-flood')
    // Stopped at the output limit, not at the time limit (2000 ms).
    expect(flood.notes).toContainEqual(
      expect.stringMatching(
        /^the output went past 4096 bytes: the run was stopped there and everything killed \(\d+ bytes on stdout, 0 on stderr; the first 4096 of each kept\)$/,
      ),
    )
    expect(flood.notes.some((n) => n.startsWith('the time limit'))).toBe(false)
    expect(check(flood, 'clean-exit').detail).toMatch(/^root: (killed by SIGTERM|still running at the end)/)
    expect(Buffer.byteLength(flood.stdout)).toBe(4096)

    if (memoryCgroups) {
      // Killed by the kernel at 64 MiB, not at the time limit.
      const hog = byId(result, 'memory-hog')
      expect(hog.notes[0]).toMatch(/; memory up to 64 MiB;/)
      expect(hog.notes).toContain('the memory limit (64 MiB) was reached: the kernel killed 1 process')
      expect(hog.notes.some((n) => n.startsWith('the time limit'))).toBe(false)
      expect(check(hog, 'clean-exit').detail).toBe('root: killed by SIGKILL')
    }

    if (prlimitAvailable()) {
      // Stopped at 1 MiB: the write fails (Python ignores SIGXFSZ and gets EFBIG).
      const file = byId(result, 'file-flood')
      expect(file.notes[0]).toMatch(/; files up to 1 MiB;/)
      expect(file.notes).toContain('a file reached the size limit (1 MiB): writing more failed')
      expect(file.notes.some((n) => n.startsWith('the time limit'))).toBe(false)
      expect(file.stdout).toBe('wrote 1048576 bytes\n')
    }

    const orphan = byId(result, 'term-ignoring-orphan')
    expect(check(orphan, 'orphan-ends').detail).toBe('root.1: killed by SIGKILL')
    expect(check(orphan, 'tidy').detail).toBe('left running: root.1 (killed by the harness)')

    const daemon = byId(result, 'double-fork-escape')
    // The middle process may live less than one sampling interval: then the daemon's birth parent
    // is unknown and it is labelled adopted.1. Either way it is found, adopted, and killed.
    expect(check(daemon, 'tidy').detail).toMatch(/^left running: (root\.1\.1|adopted\.1) \(killed by the harness\)$/)
    expect(check(daemon, 'daemon-reaped-by-parent').picture).toMatch(
      /(root\.1\.1|adopted\.1) python3 \(\d+\) .*adopted by the sentinel.*killed by cleanup \(SIGKILL\)/,
    )

    const syntax = byId(result, 'syntax-error')
    expect(syntax.notes).toContainEqual(
      expect.stringMatching(
        /^the program exited with code 1; its error output ends with:\n[\s\S]*SyntaxError: invalid syntax$/,
      ),
    )

    const many = byId(result, 'many-children')
    expect(many.notes).toContainEqual(
      expect.stringMatching(
        /^the process limit \(16\) was reached: \d+ new process(es or threads were| or thread was) refused$/,
      ),
    )
    expect(many.notes).toContainEqual(expect.stringMatching(/BlockingIOError/))
  })

  it('without a cgroup, the live count is watched and the run stopped (after the fact: the count can overshoot between samples)', async () => {
    const result = await gradeSubmission(lab, submission, { cgroup: false, only: ['many-children'] })
    expectNothingLeft(result)
    const [many] = result.exercises
    expect(many!.notes[0]).toMatch(
      /^contained: no pids cgroup \(turned off\); the live process count is watched instead and the run stopped above 16;/,
    )
    expect(many!.notes).toContain('more than 16 processes were alive at once: the run was stopped')
    expect(many!.score).toBe(0)
  })
})

describe('a grader that dies mid-run', () => {
  it.skipIf(!cgroups)('leaves a cgroup that the next grader removes, killing what is still in it', async () => {
    // A cgroup as a grader makes it, named after a grader that is gone (a process that has exited),
    // with a process still in it. It is made in a folder of this test's own, where the graders of
    // the other test files, which sweep the hierarchy's root when they start, do not look.
    const gone = spawn('true')
    await once(gone, 'exit')
    const made = createPidsCgroup(4) as PidsCgroup
    await made.remove() // only its name and place were wanted
    const under = join(dirname(made.path), `proclife-test-${process.pid}-${Date.now().toString(36)}`)
    const stale = join(under, basename(made.path).replace(/proclife-grade-\d+-/, `proclife-grade-${gone.pid}-`))
    // A cgroup of a live grader (this one) is left alone.
    const live = join(under, basename(made.path))
    for (const dir of [under, stale, live]) mkdirSync(dir)
    const inside = spawn('sh', ['-c', 'echo $$ > "$1"; exec cat', 'sh', join(stale, 'cgroup.procs')], {
      stdio: ['pipe', 'ignore', 'ignore'],
    })
    const exited = once(inside, 'exit')
    try {
      await expect.poll(() => readFileSync(join(stale, 'cgroup.procs'), 'utf8').trim()).toBe(String(inside.pid))
      expect(await removeStaleCgroups({ under: [under] })).toEqual([stale])
      expect(existsSync(stale)).toBe(false)
      expect(existsSync(live)).toBe(true)
      expect(await exited).toEqual([null, 'SIGKILL'])
    } finally {
      inside.kill('SIGKILL')
      await exited // reaped: out of its cgroup, which can go
      for (const dir of [stale, live, under]) if (existsSync(dir)) rmdirSync(dir)
    }
  })
})
