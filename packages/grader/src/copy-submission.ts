import {
  type Stats,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs'
import { join, relative } from 'node:path'
import { GraderError } from './user.js'

/*
 * A submission is data, never an instruction to the grader. The grader (often root) copies it as
 * data and follows nothing in it:
 *
 * - a regular file is copied by its bytes, opened with O_NOFOLLOW and written with O_CREAT |
 *   O_EXCL | O_NOFOLLOW (a name swapped for a link in between makes the copy fail, never write
 *   through the link);
 * - a folder is made anew;
 * - a symbolic link is copied as a link with its target unchanged: never followed, never made
 *   absolute toward the host (Node's cpSync does that to relative links). In the run it resolves
 *   in the run's own view of the files, as the run's user: its copy and /tmp in a tmpfs of its
 *   own, classmates and results hidden, everything else read-only;
 * - a file with hard links is copied only if all its names are in the submission: another name
 *   could be a file outside (the grader would hand a copy of it to the run);
 * - anything else (a named pipe, a socket, a device) is refused, as are more entries or bytes than
 *   the lab's `submission` limits allow, checked before anything is copied.
 *
 * A refused submission is a {@link GraderError} of that submission: its grade says why, and the
 * batch goes on.
 */

/** How big a submission may be: its entries (files, folders, links) and the bytes of its files. */
export interface SubmissionLimits {
  readonly maxFiles: number
  readonly maxBytes: number
}

/**
 * The bounds of a submission when the lab sets none: room for any lab's sources and a few data
 * files, well inside a run's default disk (64 MiB, one inode per 4 KiB).
 */
export const defaultSubmissionLimits: Readonly<SubmissionLimits> = { maxFiles: 2000, maxBytes: 32 * 1024 * 1024 }

/** No bound: for a copy of what a contained run made (a build's output), bounded by its disk already. */
export const unbounded: Readonly<SubmissionLimits> = {
  maxFiles: Number.POSITIVE_INFINITY,
  maxBytes: Number.POSITIVE_INFINITY,
}

/** The lab's bounds of a submission (its `submission` field), with the defaults filled in. */
export function submissionLimits(lab: {
  readonly submission?: { readonly maxFiles?: number | undefined; readonly maxBytes?: number | undefined } | undefined
}): SubmissionLimits {
  return {
    maxFiles: lab.submission?.maxFiles ?? defaultSubmissionLimits.maxFiles,
    maxBytes: lab.submission?.maxBytes ?? defaultSubmissionLimits.maxBytes,
  }
}

/** One entry of a surveyed tree, in copy order (a folder before what it holds). */
type Entry = { readonly rel: string; readonly kind: 'dir' | 'file' | 'link'; readonly mode: number }

/** What {@link surveySubmission} found: the entries to copy, their count and the bytes of the files. */
export interface Survey {
  readonly entries: readonly Entry[]
  readonly files: number
  readonly bytes: number
}

const refuse = (message: string): GraderError => new GraderError(message, true)

/**
 * Walks a submission without following anything and checks it against the limits; throws a
 * {@link GraderError} of the submission that says what is wrong.
 */
export function surveySubmission(dir: string, limits: SubmissionLimits = defaultSubmissionLimits): Survey {
  const entries: Entry[] = []
  let bytes = 0
  // Hard links: names seen of each file with more than one, against its link count.
  const linked = new Map<string, { rel: string; nlink: number; seen: number }>()
  const walk = (rel: string): void => {
    const path = rel === '' ? dir : join(dir, rel)
    let stat
    try {
      stat = lstatSync(path)
    } catch (error) {
      throw refuse(
        `the submission's ${shown(rel)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): was its name written in another encoding?`,
      )
    }
    if (rel !== '') {
      if (entries.length >= limits.maxFiles)
        throw refuse(
          `the submission has more than ${limits.maxFiles} files and folders (the lab's submission.maxFiles): it was not copied`,
        )
    }
    const mode = stat.mode & 0o7777
    if (stat.isSymbolicLink()) {
      entries.push({ rel, kind: 'link', mode })
      return
    }
    if (stat.isDirectory()) {
      if (rel !== '') entries.push({ rel, kind: 'dir', mode })
      let names: string[]
      try {
        names = readdirSync(path)
      } catch (error) {
        throw refuse(
          `the submission's folder ${shown(rel)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        )
      }
      for (const name of names.sort()) walk(rel === '' ? name : join(rel, name))
      return
    }
    if (!stat.isFile())
      throw refuse(`the submission's ${shown(rel)} is ${kindOf(stat)}: only files, folders and links are graded`)
    bytes += stat.size
    if (bytes > limits.maxBytes)
      throw refuse(
        `the submission's files hold more than ${limits.maxBytes} bytes (the lab's submission.maxBytes): it was not copied`,
      )
    if (stat.nlink > 1) {
      const key = `${stat.dev}:${stat.ino}`
      const known = linked.get(key)
      if (known) known.seen++
      else linked.set(key, { rel, nlink: stat.nlink, seen: 1 })
    }
    entries.push({ rel, kind: 'file', mode })
  }
  walk('')
  for (const { rel, nlink, seen } of linked.values()) {
    if (seen < nlink)
      throw refuse(
        `the submission's ${shown(rel)} is a hard link to a file with ${nlink - seen} name${nlink - seen === 1 ? '' : 's'} outside the submission: copy the file itself instead`,
      )
  }
  return { entries, files: entries.length, bytes }
}

/**
 * Copies a submission (or a built copy of one) into `to`, a folder that must not exist yet, as
 * data: see the rules at the top of this file. Throws a {@link GraderError} of the submission for
 * one that breaks them.
 */
export function copySubmission(from: string, to: string, limits: SubmissionLimits = defaultSubmissionLimits): Survey {
  const survey = surveySubmission(from, limits)
  mkdirSync(to, { mode: 0o700 })
  for (const entry of survey.entries) {
    const source = join(from, entry.rel)
    const target = join(to, entry.rel)
    if (entry.kind === 'dir') mkdirSync(target, { mode: (entry.mode & 0o777) | 0o700 })
    else if (entry.kind === 'link') symlinkSync(readlinkSync(source), target)
    else copyFileAsData(source, target, entry.mode, entry.rel)
  }
  return survey
}

/** Copies one regular file's bytes; follows no link at either end. */
export function copyFileAsData(source: string, target: string, mode: number, rel = source): void {
  const input = openSync(source, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    // Swapped for something else since the survey (a pipe would block): refused.
    if (!fstatSync(input).isFile()) throw refuse(`the submission's ${shown(rel)} changed while it was being copied`)
    const output = createExclusive(target, mode & 0o777)
    try {
      const buffer = Buffer.allocUnsafe(64 * 1024)
      for (let n = readSync(input, buffer); n > 0; n = readSync(input, buffer)) {
        for (let off = 0; off < n;) off += writeSync(output, buffer, off, n - off)
      }
    } finally {
      closeSync(output)
    }
  } finally {
    closeSync(input)
  }
}

/**
 * Opens a new file for writing, never an existing one and never through a link: `O_CREAT |
 * O_EXCL` fails on any name that exists, a link (even a dangling one) included.
 */
export function createExclusive(path: string, mode = 0o644): number {
  return openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode)
}

/**
 * Makes the folders of `rel` inside a run's copy as real folders: whatever of the student's stands
 * in the way (a link, a file) is removed first, never followed. Returns the full path of `rel`.
 */
export function clearPathInCopy(work: string, rel: string): string {
  let dir = work
  for (const part of rel.split('/').slice(0, -1)) {
    dir = join(dir, part)
    let stat
    try {
      stat = lstatSync(dir)
    } catch {
      mkdirSync(dir, { mode: 0o755 })
      continue
    }
    if (stat.isDirectory()) continue
    rmSync(dir, { force: true })
    mkdirSync(dir, { mode: 0o755 })
  }
  const target = join(work, rel)
  rmSync(target, { recursive: true, force: true })
  return target
}

/**
 * Writes a file of the grader's (a checkpoint helper) at `rel` in a run's copy, unless something
 * is at that name already (the student's own, or a link: left as it is). Each folder on the way
 * must be a real folder (made if missing): a link among them means the student brings their own,
 * and nothing is written. Returns whether the file was written.
 */
export function writeIntoCopy(work: string, rel: string, content: string | Buffer, mode = 0o644): boolean {
  const parts = rel.split('/')
  let dir = work
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part)
    try {
      if (!lstatSync(dir).isDirectory()) return false
    } catch {
      mkdirSync(dir, { mode: 0o755 })
    }
  }
  let fd: number
  try {
    fd = createExclusive(join(dir, parts.at(-1)!), mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content)
  } finally {
    closeSync(fd)
  }
  return true
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe'
  if (stat.isSocket()) return 'a socket'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

/** A name in a message: relative to the submission, `(its folder)` for the top. */
function shown(rel: string): string {
  return rel === '' ? 'folder' : JSON.stringify(relative('.', rel))
}
