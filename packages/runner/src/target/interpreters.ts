import { execFile } from 'node:child_process'
import { basename } from 'node:path'
import { promisify } from 'node:util'
import { registerOwnProcess } from '@proclife/proctable'
import { InterpreterError } from '../errors.js'
import { findExecutable } from './find-executable.js'

const run = promisify(execFile)

/** The kinds of interpreter the runner picks by a script's extension. */
export type InterpreterKind = 'python' | 'node' | 'sh'

/** An interpreter resolved to the binary that really runs (never a version-manager shim). */
export interface ResolvedInterpreter {
  /** Which kind of interpreter. */
  readonly kind: InterpreterKind
  /** What was asked for, e.g. `python3`. */
  readonly requested: string
  /** Absolute path of the real binary, e.g. `/root/.pyenv/versions/3.11.7/bin/python3.11`. */
  readonly path: string
  /** Its version, e.g. `3.11.7` or `v20.20.2`; `null` for `sh`. */
  readonly version: string | null
}

const cache = new Map<string, Promise<ResolvedInterpreter>>()

const probes: Record<Exclude<InterpreterKind, 'sh'>, string[]> = {
  // A shim (pyenv, asdf) forks helpers before it execs the interpreter; asking the interpreter
  // where it lives gives the binary to launch instead, so a run never counts the shim's helpers.
  python: ['-c', 'import sys, platform; print(sys.executable); print(platform.python_version())'],
  node: ['-e', 'console.log(process.execPath); console.log(process.version)'],
}

const remedies: Record<InterpreterKind, string> = {
  python:
    'Install Python 3 (for example `apt-get install python3`) or pass `interpreters: { python: "/path/to/python3" }`.',
  node: 'Pass `interpreters: { node: "/path/to/node" }`.',
  sh: 'Pass `interpreters: { sh: "/path/to/sh" }`.',
}

/** Why a probe failed, in a few words: no answer in time, the status it exited with, or the error. */
function failureOf(error: unknown, timeoutMs: number): string {
  const failed = error as { killed?: boolean; code?: unknown; signal?: string | null; stderr?: string }
  if (failed.killed) return `it did not answer within ${timeoutMs} ms`
  if (failed.signal) return `it was killed by ${failed.signal} as it started`
  if (typeof failed.code === 'number') {
    const said = (failed.stderr ?? '').trim().split('\n').at(-1)?.trim()
    return `it exited with status ${failed.code}${said ? ` (${said.slice(0, 120)})` : ''}`
  }
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/**
 * Asks an interpreter command for its real binary and version, uncached (a run resolves through
 * {@link resolveInterpreter}; discovery keeps its own cache, by path and mtime).
 */
export async function probeInterpreterBinary(
  kind: InterpreterKind,
  requested: string,
  cwd: string,
  timeoutMs = 15_000,
): Promise<ResolvedInterpreter> {
  const found = findExecutable(requested, cwd)
  if (found === undefined) {
    throw new InterpreterError(
      requested,
      `The ${kind} interpreter "${requested}" was not found${requested.includes('/') ? '' : ' on PATH'}.`,
      remedies[kind],
      kind,
    )
  }
  if (kind === 'sh') return { kind, requested, path: found, version: null }
  try {
    // cwd matters: pyenv and asdf choose the version from files in the working directory.
    const probe = run(found, probes[kind], { cwd, timeout: timeoutMs, encoding: 'utf8' })
    registerOwnProcess(probe.child.pid, `the ${kind} interpreter probe`)
    const { stdout } = await probe
    const [path, version] = stdout.trim().split('\n')
    if (!path || !version)
      throw new Error(
        `it is not a ${kind} interpreter: asked for its path and version, it answered ${JSON.stringify(stdout.trim().slice(0, 80))}`,
      )
    return { kind, requested, path, version }
  } catch (error) {
    const why = failureOf(error, timeoutMs)
    throw new InterpreterError(
      requested,
      `The ${kind} interpreter "${requested}" (${found}) could not be started: ${why}.`,
      remedies[kind],
      kind,
    )
  }
}

/**
 * Resolves an interpreter command to its real binary and version, once per command, working
 * directory and PATH (the answer is cached for the life of the process).
 */
export function resolveInterpreter(
  kind: InterpreterKind,
  requested: string,
  cwd: string,
): Promise<ResolvedInterpreter> {
  const key = `${kind}\0${requested}\0${cwd}\0${process.env['PATH'] ?? ''}`
  let pending = cache.get(key)
  if (!pending) {
    pending = probeInterpreterBinary(kind, requested, cwd)
    cache.set(key, pending)
    pending.catch(() => cache.delete(key))
  }
  return pending
}

/** The interpreter kind a command name stands for (`python3.12` → python), if any. */
export function interpreterKindOf(command: string): InterpreterKind | undefined {
  const name = basename(command)
  if (/^python(\d+(\.\d+)*)?$/.test(name)) return 'python'
  if (name === 'node' || name === 'nodejs') return 'node'
  return undefined
}
