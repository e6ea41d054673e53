import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { LabError, processesWithToken, type GradeResult } from '../src/index.js'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
export const exampleLab = `${repoRoot}fixtures/labs/process-lifecycles`

/** Scores by check id, for compact comparisons. */
export function scores(result: GradeResult): Record<string, number> {
  return Object.fromEntries(result.exercises.flatMap((e) => e.checks.map((c) => [c.id, c.points])))
}

/** Nothing any run of this grade started is alive, and no cgroup of ours is left. */
export function expectNothingLeft(result: GradeResult): void {
  for (const e of result.exercises)
    for (const id of e.runIds) expect(processesWithToken(id), `processes of run ${id}`).toEqual([])
  for (const root of ['/sys/fs/cgroup/pids', '/sys/fs/cgroup/memory', '/sys/fs/cgroup/unified']) {
    let entries: string[]
    try {
      entries = readdirSync(root)
    } catch {
      continue
    }
    expect(entries.filter((e) => e.startsWith(`proclife-grade-${process.pid}-`))).toEqual([])
  }
}

/**
 * Whether the repository lies under /tmp (a clone made there): a run's private /tmp then hides all of
 * it — the lab, the grader, other submissions, the results — so an attack on one of its files finds
 * nothing at all, rather than a file it may not write.
 */
export const repoHiddenByPrivateTmp = repoRoot.startsWith('/tmp/')

/**
 * The last line a run's Python prints when a repository file is out of its reach: `expected` (an
 * alternation of error lines), or "not found" where the whole repository is hidden.
 */
export function outOfReach(expected: string, file: string): RegExp {
  const why = repoHiddenByPrivateTmp ? 'FileNotFoundError: \\[Errno 2\\] No such file or directory' : expected
  return new RegExp(`^(${why}): '.*${file}'$`)
}

/** The problems a {@link LabError} lists, from a call that must throw one. */
export function problems(fn: () => unknown): readonly string[] {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(LabError)
    return (error as LabError).problems
  }
  throw new Error('expected a LabError')
}
