import {
  discoverInterpreters,
  selectInterpreters,
  type Discovery,
  type MatrixKind,
  type PythonSelection,
  type ResolvedInterpreter,
} from '@proclife/runner'
import { loadLab, type LoadedLab } from './load-lab.js'
import { proveLab, type LabProof, type ProveOptions } from './prove.js'
import { GraderError } from './user.js'

/** A lab proved on one interpreter. */
export interface InterpreterProof {
  /** What was asked for: a version, a command or a path (for `all`, the version). */
  readonly asked: string
  /** The interpreter; `null` when the entry named none the machine has. */
  readonly interpreter: ResolvedInterpreter | null
  /** The proof on it, or `null` (see `error`). */
  readonly proof: LabProof | null
  /** Why there is no proof: an interpreter the machine lacks, or one the lab does not allow (its `python` or `node`). */
  readonly error: string | null
  /** The entry itself was bad input (a version the machine lacks, a path that is not an interpreter). */
  readonly badInput: boolean
}

/**
 * Proves a lab on each interpreter of `selection` (`'all'`, `'3.8,3.12'`, `'20,22'`, paths) of one
 * kind (Python unless `options.kind` says `node`), one after the other (each proof grades its
 * solutions in parallel already). An interpreter the lab does not allow, or the machine lacks, is a
 * row that says so; the others are still proved.
 */
export async function proveLabOn(
  lab: string | LoadedLab,
  selection: PythonSelection,
  options: ProveOptions & { readonly discovery?: Discovery; readonly kind?: MatrixKind } = {},
): Promise<InterpreterProof[]> {
  const loaded = typeof lab === 'string' ? loadLab(lab) : lab
  const { discovery: given, kind = 'python', ...prove } = options
  const discovery = given ?? (await discoverInterpreters({ kinds: [kind] }))
  const rows: InterpreterProof[] = []
  for (const selected of await selectInterpreters(selection, discovery, loaded.dir ?? process.cwd(), kind)) {
    if (selected.interpreter === null) {
      rows.push({
        asked: selected.asked,
        interpreter: null,
        proof: null,
        error: selected.error.summary,
        badInput: true,
      })
      continue
    }
    try {
      const proof = await proveLab(loaded, {
        ...prove,
        interpreters: { ...prove.interpreters, [kind]: selected.interpreter.path },
      })
      rows.push({ asked: selected.asked, interpreter: selected.interpreter, proof, error: null, badInput: false })
    } catch (error) {
      if (!(error instanceof GraderError)) throw error
      rows.push({
        asked: selected.asked,
        interpreter: selected.interpreter,
        proof: null,
        error: error.message,
        badInput: false,
      })
    }
  }
  return rows
}
