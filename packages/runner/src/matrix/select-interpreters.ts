import { InterpreterError, OptionError, type ProclifeError } from '../errors.js'
import { resolveInterpreter, type ResolvedInterpreter } from '../target/interpreters.js'
import { realBinary, type Discovery, type MatrixKind } from './discover-interpreters.js'
import { compareVersions, versionMatches } from './versions.js'

/** Which Pythons a matrix runs on: `'all'`, versions (`'3.8'`, `'3.12.1'`), commands or paths, or a mix. */
export type PythonSelection = 'all' | string | readonly string[]

/** Which interpreters of one kind a matrix runs on: `'all'`, versions (`'3.8'`, `'22'`, `'v20.19'`), commands or paths, or a mix. */
export type InterpreterSelection = PythonSelection

/** How each kind is named to a person, and where its discovery looks. */
export const KIND_NAMES: Readonly<Record<MatrixKind, { readonly name: string; readonly places: string }>> = {
  python: { name: 'Python', places: 'PATH, pyenv, asdf, /usr/bin' },
  node: { name: 'Node', places: 'PATH, nvm, asdf, Volta, fnm, /usr/bin' },
}

/** One entry of a selection, resolved: an interpreter, or why the entry cannot be used. */
export type SelectedInterpreter =
  | { readonly asked: string; readonly interpreter: ResolvedInterpreter; readonly error: null }
  | { readonly asked: string; readonly interpreter: null; readonly error: ProclifeError }

/** `'3.8,3.12'` and `['3.8', '3.12']` alike: the entries, trimmed, without empties. */
export function selectionEntries(selection: PythonSelection): string[] {
  const raw = typeof selection === 'string' ? selection.split(',') : [...selection]
  return raw.map((entry) => entry.trim()).filter((entry) => entry !== '')
}

/** A version rather than a command or path: `3.8`, `3.12.1`, `22`, `v20.19.0`. */
export const isVersionEntry = (entry: string): boolean => /^v?\d+(\.\d+){0,2}$/.test(entry.trim())

/**
 * Turns a selection into interpreters of one kind (Python unless `kind` says `node`), entry by
 * entry, so that one bad entry (a version the machine lacks, a path that is not an interpreter,
 * one that crashes at start) is an error for that entry alone. A version picks the newest
 * discovered interpreter of that version; a command or path is resolved to its real binary. Two
 * entries that lead to one binary give one.
 */
export async function selectInterpreters(
  selection: InterpreterSelection,
  discovery: Discovery,
  cwd: string,
  kind: MatrixKind = 'python',
): Promise<SelectedInterpreter[]> {
  const entries = selectionEntries(selection)
  if (entries.length === 0)
    throw new OptionError(
      kind,
      'No interpreter was selected.',
      `Give "all", versions such as ${kind === 'node' ? '20,22' : '3.8,3.12'}, or interpreter paths.`,
    )
  const { name, places } = KIND_NAMES[kind]
  const known = discovery.interpreters.filter((i) => i.kind === kind)
  const selected: SelectedInterpreter[] = []
  for (const entry of entries) {
    if (entry === 'all') {
      if (known.length === 0)
        selected.push({
          asked: entry,
          interpreter: null,
          error: new InterpreterError(
            entry,
            `No ${name} interpreter was found on this machine (${places}).`,
            undefined,
            kind,
          ),
        })
      for (const interpreter of known)
        selected.push({ asked: interpreter.version ?? interpreter.path, interpreter, error: null })
    } else if (isVersionEntry(entry)) {
      const matching = known
        .filter((i) => versionMatches(i.version, entry))
        .sort((a, b) => compareVersions(a.version, b.version))
      const newest = matching.at(-1)
      if (newest) selected.push({ asked: entry, interpreter: newest, error: null })
      else {
        const have = known.map((i) => i.version).join(', ') || 'none'
        selected.push({
          asked: entry,
          interpreter: null,
          error: new InterpreterError(
            entry,
            `No ${name} ${entry} was found on this machine (found: ${have}).`,
            'proclife doctor lists the interpreters this machine has; a path to one works too.',
            kind,
          ),
        })
      }
    } else {
      try {
        selected.push({ asked: entry, interpreter: await resolveInterpreter(kind, entry, cwd), error: null })
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
