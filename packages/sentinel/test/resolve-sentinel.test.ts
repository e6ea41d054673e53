/*
 * The order in which a sentinel is found: a prebuilt binary that matches the platform and the
 * sources; else cc into the cache; else the Node stand-in, which the report names. Each branch
 * with real binaries: a platform package built here as scripts/build-sentinels.ts builds it, a
 * PATH with no C compiler on it, and a package whose sources or binary do not match.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PREBUILT_TARGETS } from '../src/build-prebuilt.js'
import {
  isEvent,
  resolveSentinel,
  SentinelUnavailableError,
  startSentinel,
  type PrebuiltManifest,
} from '../src/index.js'
import { buildPlatformPackage } from './helpers/prebuilt-package.js'
import { pathWithoutCompiler } from './helpers/without-compiler.js'

const target = PREBUILT_TARGETS.find((t) => t.arch === process.arch)
const scratch = mkdtempSync(join(tmpdir(), 'proclife-prebuilt-test-'))
const noCompiler = pathWithoutCompiler()
/** One cache for the tests that compile: the first compiles (10 s under load), the others find it. */
const cache = join(scratch, 'cache')
/** A fresh, empty cache, so that no binary compiled earlier answers. */
const emptyCache = (): string => mkdtempSync(join(scratch, 'empty-cache-'))

/** A copy of the platform package built here, with `change` applied to it. */
function variant(name: string, change: (dir: string) => void): string {
  const dir = join(scratch, name)
  cpSync(join(scratch, 'built'), dir, { recursive: true })
  change(dir)
  return dir
}
const editManifest = (dir: string, edit: Partial<PrebuiltManifest>): void => {
  const path = join(dir, 'sentinel.json')
  writeFileSync(path, JSON.stringify({ ...(JSON.parse(readFileSync(path, 'utf8')) as PrebuiltManifest), ...edit }))
}

describe.runIf(target !== undefined)('finding a sentinel', () => {
  beforeAll(async () => {
    await buildPlatformPackage(join(scratch, 'built'))
  }, 120_000)
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true })
    noCompiler.remove()
  })

  it('uses the prebuilt binary that matches the sources and its checksum, with no C compiler, and it captures exactly', async () => {
    const found = await resolveSentinel({
      prebuilt: join(scratch, 'built'),
      compiler: join(noCompiler.path, 'cc'),
      cacheDir: emptyCache(),
    })
    expect(found).toMatchObject({
      kind: 'prebuilt',
      binary: join(scratch, 'built', 'bin', 'proclife-sentinel'),
      manifest: { arch: process.arch, static: true },
    })
    const sentinel = startSentinel({
      binary: found.binary,
      argv: ['/bin/sh', '-c', '/bin/sh -c "exit 3"; exit 4'],
      cwd: scratch,
      env: { PATH: noCompiler.path },
      intervalMs: 5,
      socketPath: join(scratch, 'prebuilt.sock'),
    })
    expect(await sentinel.hello).toMatchObject({ subreaper: true, capture: 'exact' })
    const rootExit = await sentinel.waitFor(isEvent('root-exit'), {
      timeoutMs: 15_000,
      description: 'the root to exit',
    })
    sentinel.send('quit')
    expect(await sentinel.exited).toEqual({ code: 0, signal: null })
    expect(rootExit.status).toEqual({ code: 4, signal: null, core: false })
    // The short-lived child is in the record, with its exact status: exact capture by the prebuilt binary.
    expect(
      sentinel.events
        .filter(isEvent('exit'))
        .map((e) => e.status?.code)
        .sort(),
    ).toEqual([3, 4])
  })

  it('compiles with cc when the prebuilt binary was built from other sources', async () => {
    const dir = variant('other-sources', (d) => editManifest(d, { sources: 'f'.repeat(64) }))
    const found = await resolveSentinel({ prebuilt: dir, cacheDir: cache })
    expect(found.kind).toBe('compiled')
    expect(found).toMatchObject({
      whyNotPrebuilt: expect.stringMatching(
        /^@proclife\/sentinel-linux-\w+ 0\.1\.0 was built from other sources \(ffffffffffff\) than this runner's \([0-9a-f]{12}\)$/,
      ) as string,
    })
  }, 60_000)

  it('compiles with cc when the binary is not the one its package recorded', async () => {
    const dir = variant('tampered', (d) => appendFileSync(join(d, 'bin', 'proclife-sentinel'), '\0'))
    const found = await resolveSentinel({ prebuilt: dir, cacheDir: cache })
    expect(found).toMatchObject({
      kind: 'compiled',
      whyNotPrebuilt: `${join(dir, 'bin', 'proclife-sentinel')} does not match the sha256 its package recorded`,
    })
  }, 60_000)

  it('compiles with cc when the package is for another architecture', async () => {
    const dir = variant('other-arch', (d) => editManifest(d, { arch: process.arch === 'x64' ? 'arm64' : 'x64' }))
    const found = await resolveSentinel({ prebuilt: dir, cacheDir: cache })
    expect(found).toMatchObject({
      kind: 'compiled',
      whyNotPrebuilt: expect.stringMatching(/is built for linux-\w+, and this is linux-/) as string,
    })
  }, 60_000)

  it('without a matching prebuilt binary and without cc, says why neither', async () => {
    const dir = variant('stale', (d) => editManifest(d, { sources: '0'.repeat(64) }))
    const error = await resolveSentinel({
      prebuilt: dir,
      compiler: join(noCompiler.path, 'cc'),
      cacheDir: emptyCache(),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SentinelUnavailableError)
    expect(error).toMatchObject({ reason: 'no-compiler' })
    expect((error as Error).message).toMatch(
      /^no prebuilt sentinel \(@proclife\/sentinel-linux-\w+ 0\.1\.0 was built from other sources \(000000000000\) than this runner's \(\w+\)\), and no C compiler: "\S+cc" was not found on PATH\./,
    )
  }, 60_000)
})
