import {
  compareVersions,
  discoverInterpreters,
  interpreterFor,
  isVersionEntry,
  KIND_NAMES,
  resolveInterpreter,
  versionAtLeast,
  versionMatches,
  type Discovery,
  type MatrixKind,
} from '@proclife/runner'
import { defaultInterpreterCommand } from './choose-interpreter.js'
import type { LabInterpreterVersion } from './schema.js'
import { GraderError } from './user.js'

/** What a plain grade runs each kind with when the lab names a version: `python3` on PATH, the running Node. */
const plainCommand = (kind: MatrixKind): string => (kind === 'python' ? 'python3' : process.execPath)

/** How a version the lab needs is installed, in words (an example, not the only way). */
function installHint(kind: MatrixKind, version: string): string {
  return kind === 'python'
    ? `\`pyenv install ${version}\` or \`apt-get install python${version}\``
    : `\`nvm install ${version}\`, asdf, Volta or fnm`
}

/** `Python 3.11`, `Node 20 or newer`: what a lab asks for of a kind, in words. */
export function describeLabInterpreter(kind: MatrixKind, wanted: LabInterpreterVersion): string {
  const name = KIND_NAMES[kind].name
  return wanted.version !== undefined ? `${name} ${wanted.version}` : `${name} ${wanted.minimum} or newer`
}

/** Whether an interpreter's version is what the lab asks for (`v22.1.0` is Node `22`; `3.12.1` is at least `3.8`). */
export function fitsLabInterpreter(version: string | null, wanted: LabInterpreterVersion): boolean {
  return wanted.version !== undefined
    ? versionMatches(version, wanted.version)
    : versionAtLeast(version, wanted.minimum!)
}

/**
 * The command a lab's exercises of one kind run with. With no version of that kind in the lab: the
 * one asked for (`--python`, `--node`; a version such as `22` is the newest the machine has of
 * it), else the kind's default (`python3`, `node`). With one: the one asked for if it fits, else a
 * {@link GraderError} saying so; with none asked for, the plain one (`python3` on PATH, the running
 * Node) if it fits, else the newest of the machine that fits; and where the machine has none, a
 * {@link GraderError} that names what the lab needs, what the machine has, and the fix. Decided
 * once, before anything is graded.
 */
export async function labInterpreter(
  kind: MatrixKind,
  lab: {
    readonly lab: string
    readonly python?: LabInterpreterVersion | undefined
    readonly node?: LabInterpreterVersion | undefined
  },
  requested: string | undefined,
  cwd: string,
  discovery?: Discovery,
): Promise<string> {
  const wanted = lab[kind]
  // A version asked for is the binary the matrix would pick for it: one rule for both.
  const asked =
    requested === undefined ? undefined : isVersionEntry(requested) ? await interpreterFor(kind, requested, cwd) : null
  if (wanted === undefined) return asked?.path ?? requested ?? defaultInterpreterCommand[kind]
  const needs = `The lab "${lab.lab}" needs ${describeLabInterpreter(kind, wanted)} (lab.yaml: ${kind}.${wanted.version !== undefined ? 'version' : 'minimum'})`
  if (requested !== undefined) {
    const given = asked ?? (await resolveInterpreter(kind, requested, cwd))
    if (fitsLabInterpreter(given.version, wanted)) return asked?.path ?? requested
    throw new GraderError(
      `${needs}, and --${kind} ${requested} is ${given.path} (${given.version ?? 'unknown version'}). Give one that fits with --${kind}, or leave --${kind} out to let the grader find one.`,
    )
  }
  try {
    const plain = await resolveInterpreter(kind, plainCommand(kind), cwd)
    if (fitsLabInterpreter(plain.version, wanted)) return plainCommand(kind)
  } catch {
    // no python3 on PATH: look among the others
  }
  const known = (discovery ?? (await discoverInterpreters())).interpreters.filter((i) => i.kind === kind)
  const chosen = known
    .filter((i) => fitsLabInterpreter(i.version, wanted))
    .sort((a, b) => compareVersions(a.version, b.version))
    .at(-1)
  if (chosen) return chosen.path
  const have = known.map((i) => i.version).join(', ') || 'none'
  throw new GraderError(
    `${needs}, and this machine has none (found: ${have}). Install one (for example ${installHint(kind, wanted.version ?? wanted.minimum!)}), or give one with --${kind}.`,
  )
}
