import { accessSync, constants, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TargetError } from '../errors.js'
import type { ResolvedOptions } from '../options.js'
import { interpreterFor } from '../matrix/interpreter-by-version.js'
import { findExecutable, isExecutableFile } from './find-executable.js'
import {
  interpreterKindOf,
  resolveInterpreter,
  type InterpreterKind,
  type ResolvedInterpreter,
} from './interpreters.js'

/** What a run launches: the exact argv, and the interpreter it was resolved through. */
export interface ResolvedTarget {
  /** The argv the sentinel executes; `argv[0]` is an absolute path. */
  readonly argv: readonly string[]
  /** The script, for a script target (absolute). */
  readonly script: string | null
  /** The interpreter, when one was chosen by extension or named in an argv target. */
  readonly interpreter: ResolvedInterpreter | null
}

/** A script path, or an argv array of a command and its arguments. */
export type Target = string | readonly string[]

const byExtension: Record<string, InterpreterKind> = {
  '.py': 'python',
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.ts': 'node',
  '.mts': 'node',
  '.cts': 'node',
  '.sh': 'sh',
}

/** The interpreter kind a script's extension chooses (`x.mjs` → node), if any. */
export function scriptKindOf(script: string): InterpreterKind | undefined {
  return byExtension[extname(script).toLowerCase()]
}

let tsxLoader: string | undefined
function tsxImport(target: string, script: string, cwd: string): string {
  // Resolved from this package (tsx is its optional peer) so that a fixture anywhere can be
  // TypeScript, else from the run's directory (the user's project); `--import` keeps the fixture
  // one process (the `tsx` CLI would add a second).
  if (tsxLoader !== undefined) return tsxLoader
  for (const from of [import.meta.url, pathToFileURL(join(cwd, 'noop.js')).href]) {
    try {
      tsxLoader = pathToFileURL(createRequire(from).resolve('tsx')).href
      return tsxLoader
    } catch {
      // not installed there; try the next place
    }
  }
  throw new TargetError(
    target,
    `${script} is TypeScript, and running it needs tsx, which is not installed.`,
    'Install it next to proclife: npm i -D tsx.',
    'needs-tsx',
  )
}

function checkScript(target: string, path: string): void {
  let stats
  try {
    stats = statSync(path)
  } catch {
    throw new TargetError(
      target,
      `Script not found: ${path}.`,
      'Check the path; a relative path is resolved against the `cwd` option.',
      'script-not-found',
    )
  }
  if (stats.isDirectory()) {
    throw new TargetError(target, `${path} is a directory, not a script.`, 'Name a script file inside it.')
  }
  if (!stats.isFile()) throw new TargetError(target, `${path} is not a regular file.`)
  try {
    accessSync(path, constants.R_OK)
  } catch {
    throw new TargetError(target, `Script ${path} is not readable.`, `Give read permission: chmod u+r ${path}.`)
  }
}

/** Turns a target into the argv to launch, checking everything before anything starts. */
export async function resolveTarget(target: Target, options: ResolvedOptions): Promise<ResolvedTarget> {
  if (typeof target === 'string') {
    if (target === '')
      throw new TargetError(target, 'The target is an empty string.', 'Pass a script path or an argv array.')
    const script = resolve(options.cwd, target)
    checkScript(target, script)
    const kind = scriptKindOf(script)
    if (kind === undefined) {
      if (!isExecutableFile(script)) {
        throw new TargetError(
          target,
          `${script} has no known extension (.py .js .mjs .cjs .ts .sh) and is not executable.`,
          `Make it executable (chmod +x ${script}) or give it an extension.`,
        )
      }
      return { argv: [script], script, interpreter: null }
    }
    const interpreter = await interpreterFor(kind, options.interpreters[kind], options.cwd)
    const prefix = /\.[mc]?ts$/.test(script) ? ['--import', tsxImport(target, script, options.cwd)] : []
    return { argv: [interpreter.path, ...prefix, script], script, interpreter }
  }
  if (!Array.isArray(target) || target.length === 0 || !target.every((a) => typeof a === 'string')) {
    throw new TargetError(String(target), 'An argv target must be a non-empty array of strings.')
  }
  const [command = '', ...args] = target
  const kind = interpreterKindOf(command)
  if (kind !== undefined) {
    const interpreter = await resolveInterpreter(kind, command, options.cwd)
    return { argv: [interpreter.path, ...args], script: null, interpreter }
  }
  const path = findExecutable(command, options.cwd)
  if (path === undefined) {
    throw new TargetError(
      command,
      `Command not found: ${command}.`,
      command.includes('/') ? 'Check the path and that it is executable.' : 'Check the name, or give its path.',
      'command-not-found',
    )
  }
  return { argv: [path, ...args], script: null, interpreter: null }
}
