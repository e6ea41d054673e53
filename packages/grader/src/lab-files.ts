import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { cCheckpointHeader, nodeCheckpointModule, pythonHelperDir } from '@proclife/runner'
import { clearPathInCopy, copyFileAsData, writeIntoCopy } from './copy-submission.js'
import { GraderError } from './user.js'
import type { LoadedLab } from './load-lab.js'

/**
 * Copies the lab's own `files` (driver programs, headers, a Makefile) into a run's copy of the
 * submission, over whatever the student put at the same paths: what the lab supplies is the lab's.
 * What stands in the way (a student's link among the folders, or at the name) is removed, never
 * followed. A file the lab names but does not have is the lab's mistake, a {@link GraderError}.
 */
export function copyLabFiles(lab: LoadedLab, work: string): void {
  for (const file of lab.files ?? []) {
    if (lab.dir === null)
      throw new GraderError(`The lab names files (${file}) but was defined in code, with no folder to take them from.`)
    const from = join(lab.dir, file)
    if (!existsSync(from)) throw new GraderError(`The lab's file ${file} is not in ${lab.dir}.`)
    if (statSync(from).isDirectory()) mergeLabFolder(from, work, file)
    else copyFileAsData(from, clearPathInCopy(work, file), statSync(from).mode)
  }
}

/**
 * Copies a folder of the lab's into the copy at `rel`, merged with what is there (a build's output
 * beside the lab's sources stays): each of the lab's files replaces what stands at its name, and a
 * student's link or file where the lab has a folder is removed, never followed.
 */
function mergeLabFolder(from: string, work: string, rel: string): void {
  // Every folder on the way to each file is checked (and made real) by clearPathInCopy.
  for (const name of readdirSync(from)) {
    const source = join(from, name)
    if (statSync(source).isDirectory()) mergeLabFolder(source, work, `${rel}/${name}`)
    else copyFileAsData(source, clearPathInCopy(work, `${rel}/${name}`), statSync(source).mode)
  }
}

/**
 * Puts the C checkpoint helper `proclife.h` in the copy a lab builds (unless the submission or the
 * lab brings its own, or a link stands at that name), so that `#include "proclife.h"` works with no
 * include path. Written with exclusive, no-follow creation.
 */
export function installCHelper(work: string): void {
  writeIntoCopy(work, 'proclife.h', readFileSync(cCheckpointHeader))
}

/** Lines of a failed build's output kept for the notes (its end: compilers report last what stopped them). */
const BUILD_OUTPUT_LINES = 60

/** What a failed build printed, its last {@link BUILD_OUTPUT_LINES} lines, stdout and stderr as they came. */
export function buildOutputTail(stdout: string, stderr: string): string {
  const all = [stdout.trimEnd(), stderr.trimEnd()].filter((s) => s !== '').join('\n')
  const lines = all === '' ? [] : all.split('\n')
  const kept = lines.slice(-BUILD_OUTPUT_LINES)
  return `${lines.length > kept.length ? `(the first ${lines.length - kept.length} lines left out)\n` : ''}${kept.join('\n') || '(no output)'}`
}

/**
 * Makes `import { checkpoint } from 'proclife'` work in a Node student's file, as
 * `from proclife import checkpoint` does in Python: the helper, as a package in the copy's
 * `node_modules` (unless the submission brings its own).
 */
export function installNodeHelper(work: string): void {
  // Written with exclusive, no-follow creation, through real folders only (copy-submission.ts).
  // Anything at node_modules/proclife (a folder, a link, dangling or not) is the submission's own.
  if (lstatSync(join(work, 'node_modules', 'proclife'), { throwIfNoEntry: false }) !== undefined) return
  if (
    !writeIntoCopy(
      work,
      'node_modules/proclife/package.json',
      `${JSON.stringify({ name: 'proclife', private: true, type: 'module', exports: './index.mjs' }, null, 2)}\n`,
    )
  )
    return
  writeIntoCopy(work, 'node_modules/proclife/index.mjs', readFileSync(nodeCheckpointModule))
}

/**
 * Puts the Python checkpoint helper beside the student's script (unless the submission brings its
 * own), where `import proclife` finds it first: the run's user may not be able to read the grader's
 * installation (a project folder of mode 0700, /root).
 */
export function installPythonHelper(work: string): void {
  writeIntoCopy(work, 'proclife.py', readFileSync(join(pythonHelperDir, 'proclife.py')))
}
