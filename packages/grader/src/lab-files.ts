import { copyFileSync, cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { cCheckpointHeader } from '@proclife/runner'
import { GraderError } from './user.js'
import type { LoadedLab } from './load-lab.js'

/**
 * Copies the lab's own `files` (driver programs, headers, a Makefile) into a run's copy of the
 * submission, over whatever the student put at the same paths: what the lab supplies is the lab's.
 * A file the lab names but does not have is the lab's mistake, a {@link GraderError}.
 */
export function copyLabFiles(lab: LoadedLab, work: string): void {
  for (const file of lab.files ?? []) {
    if (lab.dir === null) throw new GraderError(`The lab names files (${file}) but was defined in code, with no folder to take them from.`)
    const from = join(lab.dir, file)
    if (!existsSync(from)) throw new GraderError(`The lab's file ${file} is not in ${lab.dir}.`)
    cpSync(from, join(work, file), { recursive: true, force: true })
  }
}

/**
 * Puts the C checkpoint helper `proclife.h` in the copy a lab builds (unless the submission or the
 * lab brings its own), so that `#include "proclife.h"` works with no include path.
 */
export function installCHelper(work: string): void {
  const target = join(work, 'proclife.h')
  if (!existsSync(target)) copyFileSync(cCheckpointHeader, target)
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
