import { readdirSync, realpathSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, delimiter, isAbsolute, join } from 'node:path'
import { isExecutableFile } from '../target/find-executable.js'
import {
  probeInterpreterBinary,
  resolveInterpreter,
  type InterpreterKind,
  type ResolvedInterpreter,
} from '../target/interpreters.js'
import { compareVersions } from './versions.js'

/** Where a discovered interpreter was found. */
export type InterpreterSource = 'PATH' | 'pyenv' | 'asdf' | 'system' | 'running' | 'nvm' | 'volta' | 'fnm'

/** The kinds of interpreter a matrix runs on. */
export type MatrixKind = Exclude<InterpreterKind, 'sh'>

/** An interpreter the machine has, resolved to its real binary, with where it was found. */
export interface DiscoveredInterpreter extends ResolvedInterpreter {
  /** Every place it was found (one binary can be on PATH and in pyenv at once). */
  readonly sources: readonly InterpreterSource[]
  /** True for what `python3` on PATH (or the running Node) resolves to: what a plain run uses. */
  readonly isDefault: boolean
}

/** A candidate that looked like an interpreter but did not answer as one. */
export interface SkippedCandidate {
  /** The path that was tried. */
  readonly path: string
  /** Why it was left out, in one line. */
  readonly why: string
}

/** What {@link discoverInterpreters} found. */
export interface Discovery {
  /**
   * Python interpreters oldest first (so the last Python is the newest), then the Nodes oldest
   * first (the one that runs proclife among them).
   */
  readonly interpreters: readonly DiscoveredInterpreter[]
  /** Candidates that could not be started or did not say what they are. */
  readonly skipped: readonly SkippedCandidate[]
}

/** Options of {@link discoverInterpreters}; the defaults read the environment. */
export interface DiscoverOptions {
  /**
   * Which kinds to look for: a version asked of one kind (`--python 3.12`) need not start every
   * Node, nor the other way round.
   * @default ['python', 'node']
   */
  readonly kinds?: readonly MatrixKind[]
  /**
   * The PATH to search.
   * @default process.env.PATH
   */
  readonly path?: string
  /**
   * pyenv's root (its `versions/` holds one folder per install).
   * @default $PYENV_ROOT, else ~/.pyenv
   */
  readonly pyenvRoot?: string
  /**
   * asdf's data folder (`installs/python/` and `installs/nodejs/` hold one folder per install).
   * @default $ASDF_DATA_DIR, else ~/.asdf
   */
  readonly asdfDir?: string
  /**
   * nvm's folder (`versions/node/` holds one folder per install).
   * @default $NVM_DIR, else ~/.nvm
   */
  readonly nvmDir?: string
  /**
   * Volta's folder (`tools/image/node/` holds one folder per install; its `bin/node` is a shim).
   * @default $VOLTA_HOME, else ~/.volta
   */
  readonly voltaHome?: string
  /**
   * fnm's folders (`node-versions/` holds one folder per install).
   * @default $FNM_DIR, else ~/.local/share/fnm and ~/.fnm
   */
  readonly fnmDirs?: readonly string[]
  /**
   * Folders whose `python3*` and `node` files are the system's own.
   * @default ['/usr/bin', '/usr/local/bin']
   */
  readonly systemDirs?: readonly string[]
  /**
   * Milliseconds each candidate has to say what it is (a broken one must not hold up the rest;
   * a loaded machine starts a healthy one in well under this).
   * @default 15000
   */
  readonly timeout?: number
}

/** `python`, `python3`, `python3.12`, `python2.7`: not `python3-config` or `python3.12-gdb.py`. */
const PYTHON_NAME = /^python(\d+(\.\d+)?)?$/

/** `node`, and Debian's old name for it. */
const NODE_NAME = /^(node|nodejs)$/

/** Answers by path and mtime: a reinstalled binary is asked again, an unchanged one never twice. */
const answers = new Map<string, Promise<ResolvedInterpreter>>()

function ask(kind: MatrixKind, path: string, timeout: number): Promise<ResolvedInterpreter> {
  let mtime = 0
  try {
    mtime = statSync(path).mtimeMs
  } catch {
    // gone since it was listed: the probe says so
  }
  const key = `${kind}\0${path}\0${mtime}`
  let pending = answers.get(key)
  if (!pending) {
    // cwd "/": an absolute binary is not a shim, so no version file may change its answer.
    pending = probeInterpreterBinary(kind, path, '/', timeout)
    answers.set(key, pending)
    pending.catch(() => answers.delete(key))
  }
  return pending
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** Candidates by path, each with every place it was found. */
type Candidates = Map<string, Set<InterpreterSource>>

function adder(found: Candidates): (path: string, source: InterpreterSource) => void {
  return (path, source) => {
    if (!isExecutableFile(path)) return
    const sources = found.get(path) ?? new Set()
    sources.add(source)
    found.set(path, sources)
  }
}

/** The PATH's folders, less shim folders and relative entries. */
function pathDirs(options: DiscoverOptions): string[] {
  // A shims folder (pyenv, asdf) holds one shim per version any install has; each fails unless
  // that version is selected. The installs are listed on their own; the selected one is the default.
  return (options.path ?? process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && isAbsolute(dir) && basename(dir) !== 'shims')
}

/** `<root>/<version>/<rest>` for every version folder in `root` (the adder keeps the executable ones). */
function installs(root: string, rest: string): string[] {
  return list(root).map((version) => join(root, version, rest))
}

const asdfDirOf = (options: DiscoverOptions): string =>
  options.asdfDir ?? process.env['ASDF_DATA_DIR'] ?? join(homedir(), '.asdf')

/** The Python candidates, each with where it was found. */
function pythonCandidates(options: DiscoverOptions): Candidates {
  const found: Candidates = new Map()
  const add = adder(found)
  for (const dir of pathDirs(options))
    for (const name of list(dir)) if (PYTHON_NAME.test(name)) add(join(dir, name), 'PATH')
  const pyenvRoot = options.pyenvRoot ?? process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv')
  for (const path of installs(join(pyenvRoot, 'versions'), join('bin', 'python'))) add(path, 'pyenv')
  for (const path of installs(join(asdfDirOf(options), 'installs', 'python'), join('bin', 'python'))) add(path, 'asdf')
  for (const dir of options.systemDirs ?? ['/usr/bin', '/usr/local/bin']) {
    for (const name of list(dir)) if (/^python3(\.\d+)?$/.test(name)) add(join(dir, name), 'system')
  }
  return found
}

/**
 * The Node candidates, each with where it was found. A version manager's `node` on PATH may be a
 * shim (Volta's, asdf's): asking it for `process.execPath` gives the real binary, as for Python.
 */
function nodeCandidates(options: DiscoverOptions): Candidates {
  const found: Candidates = new Map()
  const add = adder(found)
  for (const dir of pathDirs(options))
    for (const name of list(dir)) if (NODE_NAME.test(name)) add(join(dir, name), 'PATH')
  const nvmDir = options.nvmDir ?? process.env['NVM_DIR'] ?? join(homedir(), '.nvm')
  for (const path of installs(join(nvmDir, 'versions', 'node'), join('bin', 'node'))) add(path, 'nvm')
  for (const path of installs(join(asdfDirOf(options), 'installs', 'nodejs'), join('bin', 'node'))) add(path, 'asdf')
  const voltaHome = options.voltaHome ?? process.env['VOLTA_HOME'] ?? join(homedir(), '.volta')
  for (const path of installs(join(voltaHome, 'tools', 'image', 'node'), join('bin', 'node'))) add(path, 'volta')
  const fnmDirs =
    options.fnmDirs ??
    (process.env['FNM_DIR']
      ? [process.env['FNM_DIR']]
      : [join(homedir(), '.local', 'share', 'fnm'), join(homedir(), '.fnm')])
  for (const dir of fnmDirs)
    for (const path of installs(join(dir, 'node-versions'), join('installation', 'bin', 'node'))) add(path, 'fnm')
  for (const dir of options.systemDirs ?? ['/usr/bin', '/usr/local/bin']) {
    for (const name of list(dir)) if (NODE_NAME.test(name)) add(join(dir, name), 'system')
  }
  add(process.execPath, 'running')
  return found
}

/**
 * Asks every candidate of one kind what it is, one entry per real binary however many names lead
 * to it, oldest first; `defaultBinary` (a real path) is marked as the default.
 */
async function resolveKind(
  kind: MatrixKind,
  found: Candidates,
  defaultBinary: string | null,
  timeout: number,
  skipped: SkippedCandidate[],
): Promise<DiscoveredInterpreter[]> {
  const byBinary = new Map<string, { interpreter: ResolvedInterpreter; sources: Set<InterpreterSource> }>()
  // One question per binary: /usr/bin/python3, /usr/bin/python3.11 and /bin/python3 (a merged
  // /usr) are one file, and each question starts an interpreter.
  const byRealPath = new Map<string, [string, Set<InterpreterSource>]>()
  for (const [path, sources] of found) {
    const seen = byRealPath.get(realBinary(path))
    if (seen) for (const s of sources) seen[1].add(s)
    else byRealPath.set(realBinary(path), [path, new Set(sources)])
  }
  const answered = await Promise.all(
    [...byRealPath.values()].map(async ([path, sources]) => {
      try {
        return { path, sources, interpreter: await ask(kind, path, timeout) }
      } catch (error) {
        skipped.push({ path, why: error instanceof Error ? error.message.split('\n')[0]! : String(error) })
        return null
      }
    }),
  )
  for (const entry of answered) {
    if (entry === null) continue
    const key = realBinary(entry.interpreter.path)
    const seen = byBinary.get(key)
    if (seen) for (const s of entry.sources) seen.sources.add(s)
    else
      byBinary.set(key, {
        interpreter: { ...entry.interpreter, requested: entry.path },
        sources: new Set(entry.sources),
      })
  }
  const resolved = [...byBinary].map(([key, { interpreter, sources }]): DiscoveredInterpreter => ({
    ...interpreter,
    sources: [...sources],
    isDefault: key === defaultBinary,
  }))
  return resolved.sort((a, b) => compareVersions(a.version, b.version) || a.path.localeCompare(b.path))
}

/** The file a path finally names (symlinks followed): one binary, however many names lead to it. */
export function realBinary(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/**
 * The interpreters this machine has: every Python on PATH, in pyenv's and asdf's installs and in
 * `/usr/bin/python3*`; every Node on PATH, in nvm's, asdf's, Volta's and fnm's installs, in
 * `/usr/bin`, and the one that runs proclife. Each is asked (with a timeout) for its real binary
 * and version, with one entry per binary however many names lead to it. Version-manager shims are
 * resolved, never listed. Answers are cached by path and mtime for the life of the process.
 */
export async function discoverInterpreters(options: DiscoverOptions = {}): Promise<Discovery> {
  const timeout = options.timeout ?? 15_000
  const skipped: SkippedCandidate[] = []
  // What a plain run would use: `python3` as found on PATH, shims and all; for Node, the running one.
  const kinds = options.kinds ?? ['python', 'node']
  let defaultPython: string | null = null
  if (kinds.includes('python')) {
    try {
      defaultPython = realBinary((await resolveInterpreter('python', 'python3', process.cwd())).path)
    } catch {
      // no python3 on PATH: no default
    }
  }
  const [pythons, nodes] = await Promise.all([
    kinds.includes('python') ? resolveKind('python', pythonCandidates(options), defaultPython, timeout, skipped) : [],
    kinds.includes('node')
      ? resolveKind('node', nodeCandidates(options), realBinary(process.execPath), timeout, skipped)
      : [],
  ])
  skipped.sort((a, b) => a.path.localeCompare(b.path))
  return { interpreters: [...pythons, ...nodes], skipped }
}
