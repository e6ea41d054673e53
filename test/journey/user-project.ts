import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root. */
export const root = fileURLToPath(new URL('../../', import.meta.url))

/** What a command did; `all` is stdout and stderr as they came, for "no warning anywhere" checks. */
export interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * The environment of a user's shell, not of this test: npm's and pnpm's variables from `npm test`
 * (npm_config_local_prefix would point npm at this workspace), vitest's own, and every
 * node_modules/.bin of the workspace on PATH are left out, so nothing of the monorepo is used.
 */
export function userEnv(
  extra: Record<string, string> = {},
  options: { path?: string; nodeBin?: string | null } = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|INIT_CWD$|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|PROCLIFE_)/i.test(name)) continue
    env[name] = value
  }
  const path = (options.path ?? process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((p) => !p.includes('node_modules') && !p.startsWith(root))
  // Another Node.js, first on PATH: node, npm and npx's scripts (`#!/usr/bin/env node`) run on it.
  if (options.nodeBin) path.unshift(options.nodeBin)
  env['PATH'] = path.join(delimiter)
  env['NO_COLOR'] = '1'
  delete env['FORCE_COLOR']
  return { ...env, ...extra }
}

/** Runs a command to its end (never rejects: the caller asserts on the exit code). */
export function run(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? userEnv(),
        timeout: options.timeout ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** Throws with the command's output unless it exited 0. */
export function ok(ran: Ran, what: string): Ran {
  if (ran.code !== 0) throw new Error(`${what} exited with ${ran.code}:\n${ran.stdout}\n${ran.stderr}`)
  return ran
}

/** A temporary folder outside the workspace (the system's temporary directory). */
export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/**
 * A Node.js of another major, from the registry's `node` package (which installs the official
 * binary through its own registry packages); resolves with the folder of its `node` binary, to
 * put first on PATH (`userEnv`'s `nodeBin`).
 */
export async function installNode(major: string): Promise<string> {
  const dir = scratch(`proclife-node${major}-`)
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n')
  ok(
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `node@${major}`], { cwd: dir }),
    `npm install node@${major}`,
  )
  return join(dir, 'node_modules', '.bin')
}

/** What `npm run pack:all` made: the packages' tarballs, and the platform packages' (in `sentinels/`). */
export interface Packed {
  readonly tarballs: string[]
  readonly platforms: string[]
}

/** `npm run pack:all`: every package's tarball in `out`; resolves with their paths. */
export async function packAll(out: string): Promise<Packed> {
  const ran = ok(
    await run(process.execPath, [join(root, 'scripts', 'pack-all.mjs'), '--out', out], { cwd: root, env: userEnv() }),
    'pack:all',
  )
  const all = ran.stdout.split('\n').filter((line) => line.endsWith('.tgz') && !line.includes('*'))
  return {
    tarballs: all.filter((t) => !t.includes('/sentinels/')),
    platforms: all.filter((t) => t.includes('/sentinels/')),
  }
}

/**
 * A user's project: a copy of app/ in a fresh temporary folder, with a package.json of its own,
 * and vitest, typescript and @types/node from the registry next to the proclife tarballs.
 */
export async function createProject(
  tarballs: readonly string[],
  options: { vitest: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  const dir = scratch('proclife-journey-')
  cpSync(fileURLToPath(new URL('app/', import.meta.url)), dir, { recursive: true })
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'my-project', private: true, type: 'module' }, null, 2)}\n`,
  )
  ok(
    await run(
      'npm',
      [
        'install',
        '--save-dev',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        `vitest@${options.vitest}`,
        'typescript',
        '@types/node',
        ...tarballs,
      ],
      { cwd: dir, env: options.env },
    ),
    'npm install',
  )
  return dir
}
