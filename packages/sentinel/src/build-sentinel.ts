import { createHash, randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'

/** Flags the sentinel is always compiled with. `-Werror`: a warning is a bug in a program that reaps and kills. */
export const SENTINEL_CFLAGS: readonly string[] = ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-D_GNU_SOURCE']

/** Why the sentinel cannot be had on this machine. */
export type SentinelUnavailableReason = 'unsupported-platform' | 'no-compiler' | 'compile-failed'

/**
 * The sentinel cannot be built here. The runner catches this and falls back to `isolation: "none"`;
 * the message says what is missing and how to get it.
 */
export class SentinelUnavailableError extends Error {
  override name = 'SentinelUnavailableError'
  constructor(
    message: string,
    /** What went wrong, for code that decides on a fallback. */
    readonly reason: SentinelUnavailableReason,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Options of {@link ensureSentinel}. */
export interface EnsureSentinelOptions {
  /**
   * Where compiled binaries are kept.
   * @default `$PROCLIFE_CACHE_DIR`, else `$XDG_CACHE_HOME/proclife`, else `~/.cache/proclife`
   */
  cacheDir?: string
  /**
   * The C compiler, with any leading arguments, split on spaces.
   * @default `$CC`, else `cc`
   */
  compiler?: string
  /**
   * The folder of a platform package holding a prebuilt sentinel (`bin/proclife-sentinel` and its
   * `sentinel.json`), or `false` to skip prebuilt binaries and compile.
   * @default `$PROCLIFE_SENTINEL_PACKAGE` (a platform package unpacked by hand), else the installed
   * `@proclife/sentinel-<platform>-<arch>`, if any
   */
  prebuilt?: string | false
}

/** The directory holding the sentinel's C sources (`packages/sentinel/c`, shipped in the package). */
export function sentinelSourceDir(): string {
  // src/ and dist/ are both one level below the package root.
  return fileURLToPath(new URL('../c/', import.meta.url))
}

/** The cache directory {@link ensureSentinel} uses by default. */
export function sentinelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PROCLIFE_CACHE_DIR) return env.PROCLIFE_CACHE_DIR
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'proclife')
  return join(homedir(), '.cache', 'proclife')
}

/**
 * The sha256 of the sentinel's C sources: each `.c` and `.h` file of {@link sentinelSourceDir}, by
 * name in sorted order. A prebuilt binary records the hash of the sources it was built from, and
 * is used only where it equals this one (see `resolveSentinel`).
 */
export async function sentinelSourceHash(sourceDir: string = sentinelSourceDir()): Promise<string> {
  const hash = createHash('sha256')
  for (const name of await sourceFiles(sourceDir)) {
    hash.update(`${name}\0`)
    hash.update(await readFile(join(sourceDir, name)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

async function sourceFiles(sourceDir: string): Promise<string[]> {
  return (await readdir(sourceDir)).filter((name) => /\.[ch]$/.test(name)).sort()
}

const builds = new Map<string, Promise<string>>()

/**
 * Returns the path of the sentinel compiled with this machine's C compiler into the cache,
 * compiling it on first use (the second step of `resolveSentinel`'s order).
 *
 * The binary is named by a hash of the sources, the architecture, the compiler's identity and the
 * flags, so a changed source or compiler gets a new binary and an old one is never run by mistake.
 * It is compiled to a temporary name and renamed into place, which is atomic: test workers that
 * build at the same time each produce a complete binary and the last rename wins.
 *
 * @throws {SentinelUnavailableError} on a platform other than Linux, without a C compiler, or when
 * compilation fails (typically missing C library headers).
 */
export async function compileSentinel(options: EnsureSentinelOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? sentinelCacheDir()
  const compiler = options.compiler ?? process.env.CC ?? 'cc'
  const key = `${cacheDir}\0${compiler}`
  let build = builds.get(key)
  if (!build) {
    build = buildSentinel(cacheDir, compiler)
    builds.set(key, build)
    // A failed build is retried by the next caller (the compiler may have been installed since).
    build.catch(() => builds.delete(key))
  }
  return build
}

async function buildSentinel(cacheDir: string, compiler: string): Promise<string> {
  if (process.platform !== 'linux') {
    throw new SentinelUnavailableError(
      `the proclife sentinel needs Linux (prctl, pidfd, /proc); this is ${process.platform}`,
      'unsupported-platform',
    )
  }
  const [cc = 'cc', ...ccArgs] = compiler.split(/\s+/).filter(Boolean)
  const identity = await compilerIdentity(cc, ccArgs)
  const sourceDir = sentinelSourceDir()
  const files = await sourceFiles(sourceDir)
  const hash = createHash('sha256')
  hash.update(
    `${await sentinelSourceHash(sourceDir)}\0${process.arch}\0${compiler}\0${identity}\0${SENTINEL_CFLAGS.join(' ')}`,
  )
  const binary = join(cacheDir, `proclife-sentinel-${hash.digest('hex').slice(0, 16)}`)

  if (await isExecutable(binary)) return binary
  await mkdir(cacheDir, { recursive: true })
  const temporary = `${binary}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  const sources = files.filter((name) => name.endsWith('.c'))
  const result = await execa(cc, [...ccArgs, ...SENTINEL_CFLAGS, '-o', temporary, ...sources], {
    cwd: sourceDir,
    reject: false,
    all: true,
  })
  if (result.failed) {
    await rm(temporary, { force: true })
    throw new SentinelUnavailableError(
      `compiling the proclife sentinel with ${compiler} failed (are the C library headers installed? ` +
        `on Debian/Ubuntu: apt-get install gcc libc6-dev):\n${result.all ?? result.message}`,
      'compile-failed',
      { cause: result },
    )
  }
  await rename(temporary, binary)
  return binary
}

async function compilerIdentity(cc: string, ccArgs: string[]): Promise<string> {
  const result = await execa(cc, [...ccArgs, '--version'], { reject: false })
  if (result.failed) {
    const missing = (result as { code?: string }).code === 'ENOENT'
    throw new SentinelUnavailableError(
      missing
        ? `no C compiler: "${cc}" was not found on PATH. Without a prebuilt binary, the proclife sentinel ` +
            `(the subreaper that makes verdicts exact) is compiled on first use. Install one (Debian/Ubuntu: apt-get install gcc; ` +
            `Fedora: dnf install gcc; Alpine: apk add build-base) or point $CC at it; until then runs fall ` +
            `back to isolation "none".`
        : `the C compiler "${cc}" does not work (${result.shortMessage})`,
      'no-compiler',
      { cause: result },
    )
  }
  return String(result.stdout).split('\n')[0] ?? ''
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
