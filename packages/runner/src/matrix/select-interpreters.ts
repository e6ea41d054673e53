import { InterpreterError, OptionError, type ProclifeError } from '../errors.js'
import { resolveInterpreter, type ResolvedInterpreter } from '../target/interpreters.js'
import { realBinary, type Discovery } from './discover-interpreters.js'
import { compareVersions, versionMatches } from './versions.js'

/** Which Pythons a matrix runs on: `'all'`, versions (`'3.8'`, `'3.12.1'`), commands or paths, or a mix. */
export type PythonSelection = 'all' | string | readonly string[]

/** One entry of a selection, resolved: an interpreter, or why the entry cannot be used. */
export type SelectedInterpreter =
  | { readonly asked: string; readonly interpreter: ResolvedInterpreter; readonly error: null }
  | { readonly asked: string; readonly interpreter: null; readonly error: ProclifeError }

/** `'3.8,3.12'` and `['3.8', '3.12']` alike: the entries, trimmed, without empties. */
export function selectionEntries(selection: PythonSelection): string[] {
  const raw = typeof selection === 'string' ? selection.split(',') : [...selection]
  return raw.map((entry) => entry.trim()).filter((entry) => entry !== '')
}

const isVersion = (entry: string): boolean => /^\d+(\.\d+){0,2}$/.test(entry)

/**
 * Turns a selection into interpreters, entry by entry, so that one bad entry (a version the
 * machine lacks, a path that is not an interpreter, one that crashes at start) is an error for
 * that entry alone. A version picks the newest discovered Python of that version; a command or
 * path is resolved to its real binary. Two entries that lead to one binary give one.
 */
export async function selectInterpreters(selection: PythonSelection, discovery: Discovery, cwd: string): Promise<SelectedInterpreter[]> {
  const entries = selectionEntries(selection)
  if (entries.length === 0) throw new OptionError('python', 'No interpreter was selected.', 'Give "all", versions such as 3.8,3.12, or interpreter paths.')
  const pythons = discovery.interpreters.filter((i) => i.kind === 'python')
  const selected: SelectedInterpreter[] = []
  for (const entry of entries) {
    if (entry === 'all') {
      if (pythons.length === 0) selected.push({ asked: entry, interpreter: null, error: new InterpreterError(entry, 'No Python interpreter was found on this machine (PATH, pyenv, asdf, /usr/bin).', undefined, 'python') })
      for (const interpreter of pythons) selected.push({ asked: interpreter.version ?? interpreter.path, interpreter, error: null })
    } else if (isVersion(entry)) {
      const matching = pythons.filter((i) => versionMatches(i.version, entry)).sort((a, b) => compareVersions(a.version, b.version))
      const newest = matching.at(-1)
      if (newest) selected.push({ asked: entry, interpreter: newest, error: null })
      else {
        const have = pythons.map((i) => i.version).join(', ') || 'none'
        selected.push({ asked: entry, interpreter: null, error: new InterpreterError(entry, `No Python ${entry} was found on this machine (found: ${have}).`, undefined, 'python') })
      }
    } else {
      try {
        selected.push({ asked: entry, interpreter: await resolveInterpreter('python', entry, cwd), error: null })
      } catch (error) {
        if (!(error instanceof InterpreterError)) throw error
        selected.push({ asked: entry, interpreter: null, error })
      }
    }
  }
  const seen = new Set<string>()
  return selected.filter((s) => {
    if (s.interpreter === null) return true
    const binary = realBinary(s.interpreter.path)
    if (seen.has(binary)) return false
    seen.add(binary)
    return true
  })
}
