import { compareVersions, discoverInterpreters, resolveInterpreter, versionAtLeast, versionMatches, type Discovery } from '@proclife/runner'
import type { LabPython } from './schema.js'
import { GraderError } from './user.js'

/** `Python 3.11` or `Python 3.8 or newer`: what a lab asks for, in words. */
export function describeLabPython(wanted: LabPython): string {
  return wanted.version !== undefined ? `Python ${wanted.version}` : `Python ${wanted.minimum} or newer`
}

/** Whether an interpreter's version is what the lab asks for. */
export function fitsLabPython(version: string | null, wanted: LabPython): boolean {
  return wanted.version !== undefined ? versionMatches(version, wanted.version) : versionAtLeast(version, wanted.minimum!)
}

/**
 * The Python command a lab's `.py` exercises run with. With no `python` in the lab: the one asked
 * for (`--python`), else `python3`. With one: the one asked for if it fits, else a
 * {@link GraderError} saying so; with none asked for, `python3` if it fits, else the newest Python
 * of the machine that fits; and where the machine has none, a {@link GraderError} that names what
 * the lab needs, what the machine has, and the fix. Decided once, before anything is graded.
 */
export async function labPython(lab: { readonly lab: string; readonly python?: LabPython | undefined }, requested: string | undefined, cwd: string, discovery?: Discovery): Promise<string> {
  const wanted = lab.python
  if (wanted === undefined) return requested ?? 'python3'
  const needs = `The lab "${lab.lab}" needs ${describeLabPython(wanted)} (lab.yaml: python.${wanted.version !== undefined ? 'version' : 'minimum'})`
  if (requested !== undefined) {
    const given = await resolveInterpreter('python', requested, cwd)
    if (fitsLabPython(given.version, wanted)) return requested
    throw new GraderError(`${needs}, and --python ${requested} is ${given.path} (${given.version ?? 'unknown version'}). Give one that fits with --python, or leave --python out to let the grader find one.`)
  }
  try {
    const plain = await resolveInterpreter('python', 'python3', cwd)
    if (fitsLabPython(plain.version, wanted)) return 'python3'
  } catch {
    // no python3 on PATH: look among the others
  }
  const pythons = (discovery ?? await discoverInterpreters()).interpreters.filter((i) => i.kind === 'python')
  const fitting = pythons.filter((i) => fitsLabPython(i.version, wanted)).sort((a, b) => compareVersions(a.version, b.version))
  const chosen = fitting.at(-1)
  if (chosen) return chosen.path
  const have = pythons.map((i) => i.version).join(', ') || 'none'
  const install = wanted.version ?? wanted.minimum
  throw new GraderError(`${needs}, and this machine has none (found: ${have}). Install one (for example \`pyenv install ${install}\` or \`apt-get install python${install}\`), or give one with --python.`)
}
