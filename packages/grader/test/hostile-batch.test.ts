import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFixture } from '@proclife/runner'
import { afterAll, describe, expect, it } from 'vitest'
import {
  cannotSwitchUsers,
  gradeSubmissions,
  loadLab,
  privateMountsAvailable,
  type ExerciseResult,
  type GradeResult,
} from '../src/index.js'
import { expectNothingLeft, outOfReach, repoRoot, scores } from './helpers.js'

const lab = `${repoRoot}fixtures/labs/hostile`
const victim = `${lab}/victim`
const graderFile = `${repoRoot}packages/grader/src/grade.ts`
const attacks = loadLab(lab)
  .exercises.filter((e) => e.file.startsWith('attack_'))
  .map((e) => e.id)
// The attacks refuse to run as root: they need a grader that can give each run a user of its own.
const contained = cannotSwitchUsers() === null && privateMountsAvailable().ok

/** Every file under the folders, with a hash of its bytes: what must not change. */
function snapshot(...dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry))
    else out[path] = createHash('sha256').update(readFileSync(path)).digest('hex')
  }
  for (const dir of dirs) walk(dir)
  return out
}

const scratch = mkdtempSync(join(tmpdir(), 'proclife-hostile-'))
// The results folder lies outside /tmp, which a run's private /tmp would hide anyway: it must be
// hidden because it is named, not by luck.
const results = join(repoRoot, 'node_modules', '.cache', `proclife-hostile-results-${process.pid}`)
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  rmSync(results, { recursive: true, force: true })
})

describe.skipIf(!contained)("attacks on what lies outside a run's copy, graded in one batch with their victim", () => {
  it("each attack is graded with a note, and the victim's grade and every file outside the copies are unchanged, byte for byte", async () => {
    mkdirSync(results, { recursive: true })
    writeFileSync(join(results, 'earlier.json'), '{"score": 3}\n')
    // A run of another grade, holding a checkpoint: its socket is the target of the socket attack.
    const held = await startFixture(
      ['python3', '-c', 'from proclife import checkpoint; checkpoint("held"); print("released")'],
      { holdCheckpoints: ['held'], timeout: 60_000 },
    )
    const evil = join(scratch, 'a-evil')
    const saved = new Map<string, Buffer>()
    try {
      await held.waitForCheckpoint('held')
      const root = held.view().processes.find((p) => p.id === 'root')!
      const environ = readFileSync(`/proc/${root.pid}/environ`, 'latin1').split('\0')
      const socket = environ.find((v) => v.startsWith('PROCLIFE_CHECKPOINT='))!.slice('PROCLIFE_CHECKPOINT='.length)
      cpSync(`${lab}/submission`, evil, { recursive: true })
      writeFileSync(
        join(evil, 'targets.json'),
        JSON.stringify({ victims: [victim], lab, grader: graderFile, results, sockets: [socket] }),
      )
      const before = snapshot(lab, `${repoRoot}packages/grader/src`, results)
      for (const path of Object.keys(before)) saved.set(path, readFileSync(path))

      // One after another: everything the attacker does is done before the victim's copy is made.
      const [attacker, graded] = await gradeSubmissions(lab, [evil, victim], {
        only: attacks,
        concurrency: 1,
        hide: [results],
      })
      const a = attacker!.result!
      const v = graded!.result!
      expectNothingLeft(a)
      expectNothingLeft(v)

      // The victim: full marks, as graded alone; nothing outside the copies changed.
      expect(scores(v)).toEqual(
        Object.fromEntries(
          attacks.flatMap((id) => [
            [`${id}/clean-exit`, 1],
            [`${id}/tidy`, 1],
          ]),
        ),
      )
      expect(snapshot(lab, `${repoRoot}packages/grader/src`, results)).toEqual(before)
      expect(readdirSync(results)).toEqual(['earlier.json'])
      // The other grade's run was neither released nor disturbed.
      expect(held.view().processes.find((p) => p.id === 'root')?.exitedAt).toBeNull()
      held.release('held')
      expect((await held.done).stdout).toBe('released\n')

      // The attacker: every attack failed, and its note says how.
      const byId = (id: string): ExerciseResult => a.exercises.find((e) => e.id === id)!
      const failure = (id: string): string =>
        byId(id)
          .notes.find((n) => n.startsWith('the program exited with code 1'))
          ?.split('\n')
          .at(-1) ?? `(no such note: ${byId(id).notes.join(' | ')})`
      for (const id of attacks)
        expect(scores({ exercises: [byId(id)] } as unknown as GradeResult)).toEqual({
          [`${id}/clean-exit`]: 0,
          [`${id}/tidy`]: 1,
        })
      const denied = 'PermissionError: \\[Errno 13\\] Permission denied'
      const readOnly = 'OSError: \\[Errno 30\\] Read-only file system'
      expect(failure('rewrite-other-submission')).toMatch(outOfReach(denied, '/victim'))
      expect(failure('read-other-submission')).toMatch(outOfReach(denied, '/victim'))
      expect(failure('rewrite-lab')).toMatch(outOfReach(readOnly, '/lab\\.yaml'))
      // Opened to append, the file's mode answers before the read-only mount does.
      expect(failure('patch-grader')).toMatch(outOfReach(`${denied}|${readOnly}`, '/grade\\.ts'))
      expect(failure('fake-result')).toMatch(outOfReach(denied, '/victim\\.json'))
      expect(failure('kill-grader')).toBe('PermissionError: [Errno 1] Operation not permitted')
      expect(failure('other-checkpoint-socket')).toBe(
        "ConnectionError: no other run's checkpoint socket in reach (of 1 named)",
      )
      expect(byId('other-checkpoint-socket').stdout).toMatch(/checkpoint\.sock: No such file or directory\n$/)
      const disk = byId('fill-disk')
      expect(disk.notes).toContain(
        "the run's disk (8 MiB for its copy, /tmp and /dev/shm) was full: writing more failed",
      )
      expect(disk.stdout).toMatch(
        /^\d+ files, then No space left on device\n\d+ bytes in \/tmp, then No space left on device\n$/,
      )
      expect(Number(/^(\d+) files/.exec(disk.stdout)?.[1])).toBeLessThanOrEqual(2048)
      expect(Number(/(\d+) bytes in/.exec(disk.stdout)?.[1])).toBeLessThanOrEqual(8 * 1024 * 1024)
      for (const e of a.exercises)
        expect(e.notes[0]).toMatch(
          /; files: a mount namespace of its own \(its copy, \/tmp and \/dev\/shm in \d+ MiB of tmpfs; the rest read-only; other submissions and the results hidden\);.*; runs as uid \d+ \(a user of its own\), without capabilities$/,
        )
    } finally {
      // Were a file changed after all (the lab, the victim, the grader), it is put back for the tests that follow.
      for (const [path, bytes] of saved)
        if (!existsSync(path) || !readFileSync(path).equals(bytes)) writeFileSync(path, bytes)
      await held.stop()
    }
  })

  it('without the mount namespace, the same batch lets the attacker read its victim: what the namespace is there for', async () => {
    const evil = join(scratch, 'a-evil-2')
    cpSync(`${lab}/submission`, evil, { recursive: true })
    writeFileSync(join(evil, 'targets.json'), JSON.stringify({ victims: [victim] }))
    const [attacker] = await gradeSubmissions(lab, [evil, victim], {
      only: ['read-other-submission'],
      concurrency: 1,
      privateFiles: false,
    })
    const read = attacker!.result!.exercises[0]!
    expectNothingLeft(attacker!.result!)
    expect(read.notes[0]).toMatch(
      /; files not isolated: no private mount namespace \(turned off\); the run may read and write whatever its user may, disk not bounded in total;/,
    )
    expect(read.stdout).toContain(`--- attack_read.py\n${readFileSync(join(victim, 'attack_read.py'), 'utf8')}`)
  })
})
