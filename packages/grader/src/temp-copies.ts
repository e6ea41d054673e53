import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { readProcessSync } from '@proclife/proctable'
import { gradingTmp } from './private-mounts.js'

/*
 * The run folders a grader makes in the machine's temporary folder (a copy of a submission, the
 * runner's socket folder) are named after the grader: `proclife-grade-<pid>-<time>-XXXXXX`
 * (`proclife-build-…` for a build), `<time>` when it was made (ms, base 36). A grader killed
 * before it removed them (SIGKILL, a power cut in a container) leaves them behind; the next grader
 * on the machine removes those whose grader is gone, as it does for cgroups (contain.ts).
 */

const PATTERN = /^proclife-(grade|build)-(\d+)-([0-9a-z]+)-[A-Za-z0-9]{6}$/

/**
 * Makes a run folder of this grader (`kind`: a run's or a build's), readable by root only: the
 * caller opens it to the run's user where the run must pass through it.
 */
export function makeRunFolder(kind: 'grade' | 'build'): string {
  sweepOnce()
  return mkdtempSync(join(gradingTmp(), `proclife-${kind}-${process.pid}-${Date.now().toString(36)}-`))
}

/**
 * Whether the grader that made a folder (or cgroup) named `<pid>` at `<made>` (ms) is gone: no
 * process has the pid, or the one that has it started after the folder was made.
 */
export function ownerIsGone(pid: number, made: number): boolean {
  if (pid === process.pid) return false
  const owner = readProcessSync(pid, { argv: false, uid: false })?.startTime ?? null
  return owner === null || owner > made + 1000
}

/**
 * Removes the run folders of graders that are gone; returns their paths.
 *
 * @param options.under The folder to look in (its direct entries only). Default: the grading
 *   temporary folder ({@link gradingTmp}), where graders make their run folders.
 */
export function removeStaleRunFolders(options: { under?: string } = {}): string[] {
  const tmp = options.under ?? gradingTmp()
  const removed: string[] = []
  for (const entry of readdirSync(tmp)) {
    const m = PATTERN.exec(entry)
    if (!m || !ownerIsGone(Number(m[2]), parseInt(m[3]!, 36))) continue
    removeFolder(join(tmp, entry))
    removed.push(join(tmp, entry))
  }
  return removed
}

/**
 * Removes a gone grader's folder. rmSync removes links as links: nothing a run left in its copy is
 * followed. A process of that grader may not have ended yet (a sentinel it started just before it
 * was killed binds its socket in the folder, then sees its runner gone and ends), and an entry made
 * while the folder is emptied fails the last rmdir (ENOTEMPTY): the removal starts again, a few times.
 */
function removeFolder(path: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      rmSync(path, { recursive: true, force: true })
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || attempt === 5) throw error
    }
  }
}

let swept = false
function sweepOnce(): void {
  if (swept) return
  swept = true
  try {
    removeStaleRunFolders()
  } catch {
    // Another grader removed one first, or the folder is not ours to clean: the grade goes on.
  }
}
