import {
  compileSentinel,
  sentinelCacheDir,
  sentinelSourceHash,
  SentinelUnavailableError,
  type EnsureSentinelOptions,
} from './build-sentinel.js'
import { findPrebuiltSentinel, type PrebuiltManifest } from './prebuilt.js'

/** Which sentinel binary runs, and why that one. */
export type SentinelResolution =
  | {
      /** The platform package's binary: it matches this platform and these sources. */
      readonly kind: 'prebuilt'
      readonly binary: string
      readonly manifest: PrebuiltManifest
    }
  | {
      /** Compiled with this machine's C compiler into the cache, because no prebuilt binary could be used. */
      readonly kind: 'compiled'
      readonly binary: string
      /** Why the prebuilt binary was not used, in one line. */
      readonly whyNotPrebuilt: string
    }

const resolutions = new Map<string, Promise<SentinelResolution>>()

/**
 * The order in which a sentinel is found, once per process:
 *
 * 1. the prebuilt binary of `@proclife/sentinel-<platform>-<arch>` (an optional dependency of this
 *    package, which npm installs on a matching machine only), if it was built from exactly these
 *    sources and its sha256 is the one its package recorded;
 * 2. else the sentinel compiled with `cc` (or `$CC`) into the cache;
 * 3. else it rejects with a {@link SentinelUnavailableError} saying why neither could be had, and
 *    runs use the Node stand-in (isolation `"none"`, sampled capture), which their reports name.
 *
 * `proclife doctor` shows which one was used, and why.
 *
 * @example
 * ```ts
 * const found = await resolveSentinel()
 * found.kind // 'prebuilt' on linux-x64 and linux-arm64 installs from npm
 * ```
 */
export function resolveSentinel(options: EnsureSentinelOptions = {}): Promise<SentinelResolution> {
  const prebuilt = options.prebuilt ?? (process.env['PROCLIFE_SENTINEL_PACKAGE'] || undefined)
  if (prebuilt !== undefined) options = { ...options, prebuilt }
  const key = `${prebuilt}\0${options.cacheDir ?? sentinelCacheDir()}\0${options.compiler ?? process.env.CC ?? 'cc'}`
  let resolution = resolutions.get(key)
  if (!resolution) {
    resolution = resolve(options)
    resolutions.set(key, resolution)
    // A failure is tried again by the next caller (a compiler may have been installed since).
    resolution.catch(() => resolutions.delete(key))
  }
  return resolution
}

/**
 * Returns the path of a sentinel binary that may be run here, in the order of
 * {@link resolveSentinel}.
 *
 * @throws {SentinelUnavailableError} when there is neither a usable prebuilt binary nor a
 * working C compiler (or on a platform other than Linux).
 *
 * @example
 * ```ts
 * const binary = await ensureSentinel()
 * ```
 */
export async function ensureSentinel(options: EnsureSentinelOptions = {}): Promise<string> {
  return (await resolveSentinel(options)).binary
}

async function resolve(options: EnsureSentinelOptions): Promise<SentinelResolution> {
  let whyNotPrebuilt = 'prebuilt binaries are turned off (prebuilt: false)'
  if (options.prebuilt !== false && process.platform === 'linux') {
    const prebuilt = await findPrebuiltSentinel(await sentinelSourceHash(), options.prebuilt)
    if ('binary' in prebuilt) return { kind: 'prebuilt', ...prebuilt }
    whyNotPrebuilt = prebuilt.why
  }
  try {
    return { kind: 'compiled', binary: await compileSentinel(options), whyNotPrebuilt }
  } catch (error) {
    if (!(error instanceof SentinelUnavailableError) || error.reason === 'unsupported-platform') throw error
    throw new SentinelUnavailableError(`no prebuilt sentinel (${whyNotPrebuilt}), and ${error.message}`, error.reason, {
      cause: error,
    })
  }
}
