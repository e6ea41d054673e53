import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildPrebuiltSentinel, PREBUILT_TARGETS } from '../../src/build-prebuilt.js'

/** The repository's folder of the platform package for `arch`. */
export const platformPackageDir = (arch: string): string =>
  join(import.meta.dirname, '..', '..', '..', `sentinel-linux-${arch}`)

/**
 * A platform package for `arch` built into `dir` as scripts/build-sentinels.ts builds it (its
 * package.json, `bin/proclife-sentinel`, `sentinel.json`); resolves with the binary's path.
 */
export async function buildPlatformPackage(
  dir: string,
  arch: 'x64' | 'arm64' = process.arch as 'x64' | 'arm64',
): Promise<string> {
  mkdirSync(dir, { recursive: true })
  copyFileSync(join(platformPackageDir(arch), 'package.json'), join(dir, 'package.json'))
  await buildPrebuiltSentinel(
    PREBUILT_TARGETS.find((t) => t.arch === arch)!,
    dir,
  )
  return join(dir, 'bin', 'proclife-sentinel')
}
