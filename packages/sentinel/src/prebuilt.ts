import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * What a platform package records about its binary (`sentinel.json`, written by
 * `scripts/build-sentinels.ts` next to `bin/proclife-sentinel`).
 */
export interface PrebuiltManifest {
  /** The package's name, e.g. `@proclife/sentinel-linux-x64`. */
  readonly package: string
  readonly version: string
  /** `process.platform` and `process.arch` the binary is for. */
  readonly platform: string
  readonly arch: string
  /** `sentinelSourceHash()` of the sources it was built from. */
  readonly sources: string
  /** sha256 of `bin/proclife-sentinel`, hex. */
  readonly sha256: string
  readonly bytes: number
  /** Linked statically: no loader, no libc of the machine (it serves glibc and musl alike). */
  readonly static: boolean
  /** The first line of the compiler's `--version`, and the flags, for provenance. */
  readonly compiler: string
  readonly flags: readonly string[]
}

/** A prebuilt sentinel that may be run here. */
export interface PrebuiltSentinel {
  readonly binary: string
  readonly manifest: PrebuiltManifest
}

/** The binary's path inside a platform package. */
export const PREBUILT_BINARY = join('bin', 'proclife-sentinel')
/** The manifest's path inside a platform package. */
export const PREBUILT_MANIFEST = 'sentinel.json'

/** The platform package for this machine: `@proclife/sentinel-linux-x64`, `@proclife/sentinel-linux-arm64`. */
export function prebuiltPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@proclife/sentinel-${platform}-${arch}`
}

/**
 * Finds the prebuilt sentinel and checks that it may be run here: the platform package is
 * installed (npm installs only the one whose `os` and `cpu` match), it was built for this platform
 * from exactly these sources (`sources` equals `sourceHash`), and its binary is the one it
 * recorded (sha256). Resolves with the binary, or with why not, in one line.
 *
 * @param packageDir the platform package's folder; by default the installed one, found from here.
 */
export async function findPrebuiltSentinel(
  sourceHash: string,
  packageDir?: string,
): Promise<PrebuiltSentinel | { why: string }> {
  const name = prebuiltPackageName()
  const dir = packageDir ?? installedPackageDir(name)
  if (dir === null)
    return {
      why: `${name} is not installed (npm installs it with @proclife/runner on ${process.platform}-${process.arch} only)`,
    }
  let manifest: PrebuiltManifest
  try {
    manifest = JSON.parse(await readFile(join(dir, PREBUILT_MANIFEST), 'utf8')) as PrebuiltManifest
  } catch {
    return { why: `${dir} has no ${PREBUILT_MANIFEST}: it was packed without its binary` }
  }
  if (manifest.platform !== process.platform || manifest.arch !== process.arch) {
    return {
      why: `${manifest.package} is built for ${manifest.platform}-${manifest.arch}, and this is ${process.platform}-${process.arch}`,
    }
  }
  if (manifest.sources !== sourceHash) {
    return {
      why: `${manifest.package} ${manifest.version} was built from other sources (${manifest.sources.slice(0, 12)}) than this runner's (${sourceHash.slice(0, 12)})`,
    }
  }
  const binary = join(dir, PREBUILT_BINARY)
  // About 2 ms for the binary's 0.9 MB, once per process (resolveSentinel keeps its answer).
  const sha256 = await readFile(binary).then(
    (bytes) => createHash('sha256').update(bytes).digest('hex'),
    () => '',
  )
  if (sha256 === '') return { why: `${binary} is missing` }
  if (sha256 !== manifest.sha256) return { why: `${binary} does not match the sha256 its package recorded` }
  try {
    await access(binary, constants.X_OK)
  } catch {
    return { why: `${binary} is not executable (a filesystem mounted noexec?)` }
  }
  return { binary, manifest }
}

function installedPackageDir(name: string): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`))
  } catch {
    return null
  }
}
