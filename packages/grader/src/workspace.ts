import { chmodSync, mkdirSync, rmSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { pythonHelperDir } from '@proclife/runner'
import { copySubmission, type SubmissionLimits } from './copy-submission.js'
import { foldersToCover } from './hidden-folders.js'
import { copyLabFiles, installCHelper, installNodeHelper, installPythonHelper } from './lab-files.js'
import type { LoadedLab } from './load-lab.js'
import { makeRunFolder } from './temp-copies.js'
import { giveTo, type SwitchedUser } from './user.js'

/** A run's folder: `work` (its copy of the submission), `sock` (the runner's folder), `area` (where its tmpfs is made). */
export interface Workspace {
  readonly base: string
  readonly work: string
  /** Deletes the folder and everything in it. */
  remove(): void
}

/** What goes into a run's folder. */
export interface WorkspaceSpec {
  /** The folder copied into `work`, and how much of it may be copied. */
  readonly source: string
  readonly limits: SubmissionLimits
  /** The mode of `base`: 0o700 when the run enters through its own tmpfs (root only), else 0o711 (its user passes through). */
  readonly mode: number
  /** The checkpoint helper the program needs beside it. */
  readonly helper: 'c' | 'node' | 'python' | null
  /** Who runs in it: the copy is theirs. */
  readonly user: SwitchedUser | null
}

const helpers = { c: installCHelper, node: installNodeHelper, python: installPythonHelper }

/** Makes a fresh, empty run folder for one run (`grade`) or a build: nothing a run writes reaches the next. */
export function makeWorkspace(kind: 'grade' | 'build'): Workspace {
  const base = makeRunFolder(kind)
  return { base, work: join(base, 'work'), remove: () => rmSync(base, { recursive: true, force: true }) }
}

/** Fills a run folder: the copy, with the lab's files and the checkpoint helper, given to the run's user. */
export function fillWorkspace(workspace: Workspace, lab: LoadedLab, spec: WorkspaceSpec): void {
  const { base, work } = workspace
  chmodSync(base, spec.mode)
  for (const dir of ['sock', 'area']) mkdirSync(join(base, dir), { mode: 0o711 })
  copySubmission(spec.source, work, spec.limits)
  copyLabFiles(lab, work)
  if (spec.helper) helpers[spec.helper](work)
  if (spec.user) giveTo(work, spec.user)
}

/**
 * What a run may not see: the submission's own folder (the run has its copy), the lab's
 * `submissions` and `wrong` folders (reference and wrong solutions), and what the caller names.
 */
export function hiddenFrom(
  lab: LoadedLab,
  submission: string,
  hide: readonly string[] | undefined,
): { hide: string[]; visible: string[] } {
  const labFolders = lab.dir ? ['submissions', 'wrong'].map((d) => join(lab.dir!, d)) : []
  // A folder that holds the grader's own installation (a student's repository with proclife in
  // its node_modules) stays visible, read-only: runs need the checkpoint helper in it.
  const holdsGrader = (dir: string): boolean => !relative(dir, pythonHelperDir).startsWith('..')
  const all = [...new Set([submission, ...labFolders, ...(hide ?? []).map((h) => resolve(h))])]
  // Covered as few folders as possible: a run's mountinfo names what is covered (hidden-folders.ts).
  return { hide: foldersToCover(all.filter((dir) => !holdsGrader(dir))), visible: all.filter(holdsGrader) }
}
