import { lchownSync, lstatSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { probeCommand, probeCommandSync } from './run-probe.js'

/**
 * Who a student's program runs as: `'auto'` (a user of its own for every run, so that two runs
 * graded at once cannot signal each other), a user name of the machine, a numeric uid, or
 * `'root'` (only when asked for: every report then warns that the run was root's).
 */
export type RunUser = 'auto' | 'root' | string | number

/** A user a run is switched to. */
export interface SwitchedUser {
  readonly uid: number
  readonly gid: number
  /** How the report names it: `uid 1990000003 (a user of its own)`, `nobody (uid 65534)`. */
  readonly label: string
  /** Gives the uid back to the pool (`'auto'`). */
  release(): void
}

/**
 * A problem of the grader's setup, not of what a submission does: a submission folder that is not
 * there (`ofSubmission`: only that submission is affected), a user or an interpreter that cannot
 * be used (every submission would fail alike).
 */
export class GraderError extends Error {
  override readonly name = 'GraderError'
  constructor(
    message: string,
    readonly ofSubmission = false,
  ) {
    super(message)
  }
}

/**
 * The first uid `'auto'` hands out: far above any account of a machine, so none is shared. Each
 * grader process takes its uids from a block of 1000 chosen by its pid (`AUTO_UID_BASE +
 * (pid % 100000) × 1000`), so that two graders on one machine do not hand out the same uid.
 */
export const AUTO_UID_BASE = 1_990_000_000
const AUTO_BLOCK = 1000
const taken = new Set<number>()

function lookupUser(name: string): { uid: number; gid: number } | null {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':')
      if (user === name && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) }
    }
  } catch {
    /* no passwd file */
  }
  return null
}

let setprivChecked: string | null | undefined

const setprivWhy = (status: number | null): string | null =>
  status === 0 ? null : 'setpriv (util-linux) is not on PATH; it switches the user of each run'
const notRoot = "running students' programs as another user needs the grader to run as root"

/**
 * {@link cannotSwitchUsers}, probed without blocking the event loop; the grader calls it before a
 * grade (planGrading), and the synchronous answer comes from what it found.
 */
export async function probeSwitchUsers(): Promise<string | null> {
  if (setprivChecked !== undefined) return setprivChecked
  const why = process.getuid?.() !== 0 ? notRoot : setprivWhy((await probeCommand(['setpriv', '--version'])).status)
  setprivChecked ??= why
  return setprivChecked
}

/** Why runs cannot switch users here, or null when they can (root, and `setpriv` on PATH). */
export function cannotSwitchUsers(): string | null {
  if (setprivChecked !== undefined) return setprivChecked
  setprivChecked = process.getuid?.() !== 0 ? notRoot : setprivWhy(probeCommandSync(['setpriv', '--version']).status)
  return setprivChecked
}

/**
 * Who runs the submissions when no user is given: a user of its own for every run (`'auto'`) when
 * the grader is root and can switch users; otherwise the grader's own user (`null`), and the
 * reports say why.
 */
export function defaultRunUser(): RunUser | null {
  return process.getuid?.() === 0 && cannotSwitchUsers() === null ? 'auto' : null
}

/** Picks the user of one run; throws {@link GraderError} for a user that does not exist. */
export function switchUser(user: RunUser): SwitchedUser {
  const why = cannotSwitchUsers()
  if (why) throw new GraderError(`Cannot run as ${user === 'auto' ? 'a user of its own' : `user "${user}"`}: ${why}.`)
  if (user === 'auto') {
    const block = AUTO_UID_BASE + (process.pid % 100_000) * AUTO_BLOCK
    let uid = block
    while (taken.has(uid)) uid++
    if (uid >= block + AUTO_BLOCK)
      throw new GraderError(`Cannot run as a user of its own: all ${AUTO_BLOCK} uids of this grader are in use.`)
    taken.add(uid)
    return { uid, gid: uid, label: `uid ${uid} (a user of its own)`, release: () => taken.delete(uid) }
  }
  if (typeof user === 'number' || /^\d+$/.test(user)) {
    const uid = Number(user)
    if (!Number.isSafeInteger(uid) || uid <= 0 || uid > 2 ** 31 - 1)
      throw new GraderError(`Cannot run as uid ${user}: give a uid from 1 (to run as root, say root).`)
    return { uid, gid: uid, label: `uid ${uid}`, release: () => {} }
  }
  const found = lookupUser(user)
  if (!found) throw new GraderError(`Cannot run as user "${user}": there is no such user in /etc/passwd.`)
  if (found.uid === 0) throw new GraderError(`Cannot run as user "${user}": it is root (to run as root, say root).`)
  return { ...found, label: `${user} (uid ${found.uid})`, release: () => {} }
}

/**
 * The command that runs `argv` as the user: no capabilities (none kept, none inheritable, an empty
 * bounding set), no supplementary groups, no new privileges (setuid programs do not raise them).
 */
export function asUser(argv: readonly string[], user: { uid: number; gid: number }): string[] {
  return [
    'setpriv',
    `--reuid=${user.uid}`,
    `--regid=${user.gid}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--no-new-privs',
    '--',
    ...argv,
  ]
}

/**
 * Gives a fresh copy of a submission to the user (it is ours: we just made it). A symbolic link is
 * given as a link, never followed: a submission's link to /etc/shadow must not hand that file over.
 */
export function giveTo(dir: string, user: { uid: number; gid: number }): void {
  const walk = (path: string): void => {
    const stat = lstatSync(path)
    lchownSync(path, user.uid, user.gid)
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry))
  }
  walk(dir)
}

const probed = new Map<string, Promise<string | null>>()

/**
 * Whether the user can start the interpreter (and, for Python, import the checkpoint helper):
 * an interpreter under a folder only root may enter (pyenv in /root) cannot be used. Probed once
 * per interpreter and uid (every uid of `'auto'` alike); returns why not (the last line the
 * attempt printed, or its exit), or null.
 */
export function probeInterpreter(
  kind: 'python' | 'node' | 'sh' | null,
  path: string,
  user: { uid: number; gid: number },
): Promise<string | null> {
  const key = `${kind}\0${path}\0${user.uid >= AUTO_UID_BASE ? 'auto' : user.uid}`
  let pending = probed.get(key)
  if (!pending) {
    pending = probeAs(kind, path, user)
    probed.set(key, pending)
  }
  return pending
}

async function probeAs(
  kind: 'python' | 'node' | 'sh' | null,
  path: string,
  user: { uid: number; gid: number },
): Promise<string | null> {
  // Python with its standard library: the checkpoint helper is put beside each script (grade.ts).
  const test =
    kind === 'python'
      ? [path, '-c', 'import os, socket, sys']
      : kind === 'node'
        ? [path, '-e', '']
        : kind === 'sh'
          ? [path, '-c', ':']
          : null
  let why: string | null = null
  if (test) {
    // Through sh: setpriv itself execs with the grader's rights still in hand, but a program that
    // starts its own interpreter again (subprocess, multiprocessing) does so as the user.
    const [probe, as] = await Promise.all([
      probeCommand(test, 20_000, '/'), // as the grader: a baseline
      probeCommand(asUser(['sh', '-c', 'exec "$@"', 'sh', ...test], user), 20_000, '/'),
    ])
    if (probe.status === 0 && as.status !== 0) why = as.said.split('\n').at(-1) || `exit ${as.status}`
  }
  return why
}
