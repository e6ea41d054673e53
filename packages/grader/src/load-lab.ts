import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse, YAMLParseError } from 'yaml'
import type { z } from 'zod'
import { labSchema, type Lab, type LabInput } from './schema.js'

/** A lab file that cannot be read or does not follow the format; the message names each field. */
export class LabError extends Error {
  override readonly name = 'LabError'
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message)
  }
}

/** `exercises[0].checks[1].points` from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`
  return out || '(the lab)'
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    // A union's message is more useful with the branch errors left out.
    return `${fieldPath(issue.path)}: ${issue.message}`
  })
}

/** A validated lab with the folder it came from (student files are found relative to submissions). */
export interface LoadedLab extends Lab {
  /** Absolute path of the lab folder, or `null` for a lab defined in code. */
  readonly dir: string | null
}

/**
 * Validates a lab written in TypeScript; the same schema as `lab.yaml`. Throws {@link LabError}
 * naming every field that is wrong.
 */
export function defineLab(input: LabInput, dir: string | null = null): LoadedLab {
  const parsed = labSchema.safeParse(input)
  if (!parsed.success) throw new LabError(`The lab${dir ? ` in ${dir}` : ''} is not valid:`, problemsOf(parsed.error))
  if (dir === null && (parsed.data.files ?? []).length > 0)
    throw new LabError('The lab is not valid:', [
      'files: a lab defined in code has no folder to take them from (pass its folder to defineLab)',
    ])
  return { ...parsed.data, dir }
}

/** Reads and validates `lab.yaml` (or `lab.yml`) from a lab folder. */
export function loadLab(labDir: string): LoadedLab {
  const dir = resolve(labDir)
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new LabError(`No lab folder at ${dir}: give the folder that holds the lab's lab.yaml.`)
  const file = ['lab.yaml', 'lab.yml'].map((f) => join(dir, f)).find((f) => existsSync(f))
  if (file === undefined)
    throw new LabError(
      `No lab.yaml in ${dir}: a lab is a folder with a lab.yaml that lists its exercises (see docs/labs.md).`,
    )
  let data: unknown
  try {
    data = parse(readFileSync(file, 'utf8'))
  } catch (error) {
    if (error instanceof YAMLParseError) throw new LabError(`${file} is not valid YAML: ${error.message}`)
    throw error
  }
  const parsed = labSchema.safeParse(data)
  if (!parsed.success) throw new LabError(`${file} is not a valid lab:`, problemsOf(parsed.error))
  const absent = (parsed.data.files ?? []).filter((f) => !existsSync(join(dir, f)))
  if (absent.length > 0)
    throw new LabError(
      `${file} is not a valid lab:`,
      absent.map((f) => `files: ${f} is not in ${dir}`),
    )
  return { ...parsed.data, dir }
}
