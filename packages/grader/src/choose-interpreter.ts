import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { resolveInterpreter } from '@proclife/runner'
import { GraderError, probeInterpreter } from './user.js'

/** An interpreter kind the grader runs exercises with. */
export type InterpreterKind = 'python' | 'node' | 'sh'

/** The interpreter that runs a kind of exercise, chosen before anything is graded. */
export interface ChosenInterpreter {
  readonly kind: InterpreterKind
  /** The binary that runs the submissions. */
  readonly path: string
  readonly version: string | null
  /** Set when it is not the one asked for: which was asked for, and why it could not be used. */
  readonly note: string | null
}

/** The command each kind is asked for when the grader is given none. */
export const defaultInterpreterCommand = { python: 'python3', node: 'node', sh: 'sh' } as const satisfies Record<
  InterpreterKind,
  string
>

/** Where an interpreter every user can run is looked for (the system's own, not a version manager's). */
const systemDirs = ['/usr/bin', '/usr/local/bin', '/bin']

/** Names a system interpreter of the same version may have, most specific first. */
function namesFor(kind: InterpreterKind, version: string | null): string[] {
  if (kind === 'python') {
    // python3 first: the name students know, and what the report's pictures show.
    const [major, minor] = (version ?? '').split('.')
    return [...new Set(['python3', `python${major}.${minor}`, `python${major}`])]
  }
  return kind === 'node' ? ['node', 'nodejs'] : ['sh', 'dash', 'bash']
}

/** Python: the same major.minor (the seeds' behaviour changes between them); Node: the same major; sh: any. */
function sameVersion(kind: InterpreterKind, a: string | null, b: string | null): boolean {
  if (kind === 'sh') return true
  const key = (v: string | null): string =>
    (v ?? '')
      .replace(/^v/, '')
      .split('.')
      .slice(0, kind === 'python' ? 2 : 1)
      .join('.')
  return a !== null && b !== null && key(a) === key(b)
}

const describe = (kind: InterpreterKind, version: string | null): string =>
  `${kind === 'python' ? 'Python' : kind === 'node' ? 'Node.js' : 'sh'}${version ? ` ${kind === 'python' ? version.split('.').slice(0, 2).join('.') : version.replace(/^v/, '').split('.')[0]}` : ''}`

/**
 * Chooses the interpreter of a kind for runs as `user`: the one asked for, resolved in the lab's
 * folder to its real binary, if that user can execute it; otherwise a system interpreter of the
 * same version (major.minor for Python, major for Node.js) that the user can execute; otherwise a
 * {@link GraderError} that names the fix. With no user (runs as the grader), the one asked for.
 */
export async function chooseInterpreter(
  kind: InterpreterKind,
  requested: string,
  labDir: string,
  user: { uid: number; gid: number; label: string } | null,
): Promise<ChosenInterpreter> {
  const resolved = await resolveInterpreter(kind, requested, labDir)
  if (!user) return { kind, path: resolved.path, version: resolved.version, note: null }
  const why = await probeInterpreter(kind, resolved.path, user)
  if (why === null) return { kind, path: resolved.path, version: resolved.version, note: null }
  const names = namesFor(kind, resolved.version)
  for (const candidate of systemDirs.flatMap((dir) => names.map((name) => join(dir, name)))) {
    if (!existsSync(candidate)) continue
    let other
    try {
      other = await resolveInterpreter(kind, candidate, '/')
    } catch {
      continue
    }
    if (other.path === resolved.path || !sameVersion(kind, resolved.version, other.version)) continue
    if ((await probeInterpreter(kind, other.path, user)) !== null) continue
    return {
      kind,
      path: other.path,
      version: other.version,
      note: `${requested} is ${resolved.path}${resolved.version ? ` (${resolved.version})` : ''}, which the runs' user cannot execute (${why}): ${other.path}${other.version ? ` (${other.version})` : ''} runs the submissions instead`,
    }
  }
  const option = kind === 'python' ? ' give one with --python,' : ''
  const install =
    kind === 'python' ? ` (apt-get install python${(resolved.version ?? '3').split('.').slice(0, 2).join('.')})` : ''
  throw new GraderError(
    `Cannot run the submissions as ${user.label}: ${requested} is ${resolved.path}${resolved.version ? ` (${resolved.version})` : ''}, which that user cannot execute (${why}), and no ${describe(kind, resolved.version)} that every user can run is installed (looked for ${names.join(', ')} in ${systemDirs.join(', ')}). Install one${install},${option} or make ${resolved.path} and its folders executable by others.`,
  )
}
