import type { Discovery } from '@proclife/runner'
import { describeLabInterpreter, fitsLabInterpreter, labInterpreter } from './lab-interpreter.js'
import type { LabPython } from './schema.js'

/** `Python 3.11` or `Python 3.8 or newer`: what a lab asks for, in words ({@link describeLabInterpreter} for Python). */
export function describeLabPython(wanted: LabPython): string {
  return describeLabInterpreter('python', wanted)
}

/** Whether an interpreter's version is what the lab asks for ({@link fitsLabInterpreter}). */
export function fitsLabPython(version: string | null, wanted: LabPython): boolean {
  return fitsLabInterpreter(version, wanted)
}

/**
 * The Python command a lab's `.py` exercises run with: {@link labInterpreter} for Python (the
 * lab's `python`, `--python`, else `python3`, else the newest fitting Python of the machine).
 */
export async function labPython(
  lab: { readonly lab: string; readonly python?: LabPython | undefined },
  requested: string | undefined,
  cwd: string,
  discovery?: Discovery,
): Promise<string> {
  return labInterpreter('python', lab, requested, cwd, discovery)
}
