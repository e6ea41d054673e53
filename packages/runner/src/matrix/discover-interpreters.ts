import { readdirSync, realpathSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, delimiter, isAbsolute, join } from 'node:path'
import { isExecutableFile } from '../target/find-executable.js'
import { probeInterpreterBinary, resolveInterpreter, type ResolvedInterpreter } from '../target/interpreters.js'
import { compareVersions } from './versions.js'

/** Where a discovered interpreter was found. */
export type InterpreterSource = 'PATH' | 'pyenv' | 'asdf' | 'system' | 'running'

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
  /** Python interpreters oldest first (so the last is the newest), then the Node that runs proclife. */
  readonly interpreters: readonly DiscoveredInterpreter[]
  /** Candidates that could not be started or did not say what they are. */
  readonly skipped: readonly SkippedCandidate[]
}

/** Options of {@link discoverInterpreters}; the defaults read the environment. */
export interface DiscoverOptions {
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
   * asdf's data folder (`installs/python/` holds one folder per install).
   * @default $ASDF_DATA_DIR, else ~/.asdf
   */
  readonly asdfDir?: string
  /**
   * Folders whose `python3*` files are the system's own.
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

/** Answers by path and mtime: a reinstalled binary is asked again, an unchanged one never twice. */
const answers = new Map<string, Promise<ResolvedInterpreter>>()

function ask(path: string, timeout: number): Promise<ResolvedInterpreter> {
  let mtime = 0
  try {
    mtime = statSync(path).mtimeMs
  } catch {
    // gone since it was listed: the probe says so
  }
  const key = `${path}\0${mtime}`
  let pending = answers.get(key)
  if (!pending) {
    // cwd "/": an absolute binary is not a shim, so no version file may change its answer.
    pending = probeInterpreterBinary('python', path, '/', timeout)
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

/** The Python candidates, each with where it was found. */
function candidates(options: DiscoverOptions): Map<string, Set<InterpreterSource>> {
  const found = new Map<string, Set<InterpreterSource>>()
  const add = (path: string, source: InterpreterSource): void => {
    if (!isExecutableFile(path)) return
    const sources = found.get(path) ?? new Set()
    sources.add(source)
    found.set(path, sources)
  }
  for (const dir of (options.path ?? process.env['PATH'] ?? '').split(delimiter)) {
    // A shims folder (pyenv, asdf) holds one shim per version any install has; each fails unless
    // that version is selected. The installs are listed below; the selected one is the default.
    if (dir === '' || !isAbsolute(dir) || basename(dir) === 'shims') continue
    for (const name of list(dir)) if (PYTHON_NAME.test(name)) add(join(dir, name), 'PATH')
  }
  const pyenvRoot = options.pyenvRoot ?? process.env['PYENV_ROOT'] ?? join(homedir(), '.pyenv')
  for (const version of list(join(pyenvRoot, 'versions'))) add(join(pyenvRoot, 'versions', version, 'bin', 'python'), 'pyenv')
  const asdfDir = options.asdfDir ?? process.env['ASDF_DATA_DIR'] ?? join(homedir(), '.asdf')
  for (const version of list(join(asdfDir, 'installs', 'python'))) add(join(asdfDir, 'installs', 'python', version, 'bin', 'python'), 'asdf')
  for (const dir of options.systemDirs ?? ['/usr/bin', '/usr/local/bin']) {
    for (const name of list(dir)) if (/^python3(\.\d+)?$/.test(name)) add(join(dir, name), 'system')
  }
  return found
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
 * `/usr/bin/python3*`, each asked (with a timeout) for its real binary and version, and one entry
 * per binary however many names lead to it; plus the Node that runs proclife. Version-manager
 * shims are resolved, never listed. Answers are cached by path and mtime for the life of the
 * process.
 */
export async function discoverInterpreters(options: DiscoverOptions = {}): Promise<Discovery> {
  const timeout = options.timeout ?? 15_000
  const found = candidates(options)
  const skipped: SkippedCandidate[] = []
  const byBinary = new Map<string, { interpreter: ResolvedInterpreter; sources: Set<InterpreterSource> }>()
  const answered = await Promise.all([...found].map(async ([path, sources]) => {
    try {
      return { path, sources, interpreter: await ask(path, timeout) }
    } catch (error) {
      skipped.push({ path, why: error instanceof Error ? error.message.split('\n')[0]! : String(error) })
      return null
    }
  }))
  for (const entry of answered) {
    if (entry === null) continue
    const key = realBinary(entry.interpreter.path)
    const seen = byBinary.get(key)
    if (seen) for (const s of entry.sources) seen.sources.add(s)
    else byBinary.set(key, { interpreter: { ...entry.interpreter, requested: entry.path }, sources: new Set(entry.sources) })
  }
  // What a plain run would use: `python3` as found on PATH, shims and all.
  let defaultBinary: string | null = null
  try {
    defaultBinary = realBinary((await resolveInterpreter('python', 'python3', process.cwd())).path)
  } catch {
    // no python3 on PATH: no default
  }
  const pythons = [...byBinary].map(([key, { interpreter, sources }]): DiscoveredInterpreter => ({
    ...interpreter, sources: [...sources], isDefault: key === defaultBinary,
  }))
  pythons.sort((a, b) => compareVersions(a.version, b.version) || a.path.localeCompare(b.path))
  const node: DiscoveredInterpreter = {
    kind: 'node', requested: process.execPath, path: process.execPath, version: process.version, sources: ['running'], isDefault: true,
  }
  skipped.sort((a, b) => a.path.localeCompare(b.path))
  return { interpreters: [...pythons, node], skipped }
}
