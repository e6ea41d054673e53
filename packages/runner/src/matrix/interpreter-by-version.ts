import { InterpreterError } from '../errors.js'
import { resolveInterpreter, type InterpreterKind, type ResolvedInterpreter } from '../target/interpreters.js'
import { discoverInterpreters } from './discover-interpreters.js'
import { isVersionEntry, selectInterpreters } from './select-interpreters.js'

/**
 * The interpreter a run's `interpreters` option names: a version (`'3.12'`, `'22'`) is the newest
 * discovered interpreter of that version, chosen by the matrix's own selection (one rule for
 * both); a command or path is resolved to its real binary. Throws {@link InterpreterError} for a
 * version the machine lacks, naming the versions it has.
 */
export async function interpreterFor(
  kind: InterpreterKind,
  requested: string,
  cwd: string,
): Promise<ResolvedInterpreter> {
  if (kind === 'sh' || !isVersionEntry(requested)) return resolveInterpreter(kind, requested, cwd)
  // Discovery caches each binary's answer, so only the first run by version asks every binary.
  const [selected] = await selectInterpreters(requested, await discoverInterpreters({ kinds: [kind] }), cwd, kind)
  if (selected?.interpreter == null)
    throw (
      selected?.error ??
      new InterpreterError(requested, `No ${kind} ${requested} was found on this machine.`, undefined, kind)
    )
  return { ...selected.interpreter, requested }
}
