/*
 * `proclife doctor` says which sentinel runs here and why: the prebuilt binary, else one compiled
 * with cc, else the Node stand-in and what it cannot do. With real binaries: a platform package
 * built here, one built from other sources, and a PATH with no C compiler on it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPlatformPackage } from '../../sentinel/test/helpers/prebuilt-package.js'
import { pathWithoutCompiler } from '../../sentinel/test/helpers/without-compiler.js'
import { runCli } from './helpers/cli.js'

const scratch = mkdtempSync(join(tmpdir(), 'proclife-doctor-sentinel-'))
const noCompiler = pathWithoutCompiler()
const built = join(scratch, 'built')
const stale = join(scratch, 'stale')

/** The sentinel's two lines of `proclife doctor`, run with `env` (and an empty cache: nothing compiled earlier answers). */
async function sentinelLines(env: Record<string, string>): Promise<string> {
  const cache = mkdtempSync(join(scratch, 'cache-'))
  const { stdout, exitCode } = await runCli(['doctor'], {
    reject: false,
    env: { NO_COLOR: '1', FORCE_COLOR: undefined, PROCLIFE_CACHE_DIR: cache, ...env },
  })
  expect(exitCode).toBe(0)
  const lines = stdout.split('\n')
  const at = lines.findIndex((line) => / sentinel {2}/.test(line))
  return lines.slice(at, at + 2).join('\n')
}

describe.runIf(process.arch === 'x64' || process.arch === 'arm64')('proclife doctor: which sentinel, and why', () => {
  beforeAll(async () => {
    await buildPlatformPackage(built)
    cpSync(built, stale, { recursive: true })
    const manifest = JSON.parse(readFileSync(join(stale, 'sentinel.json'), 'utf8')) as { sources: string }
    writeFileSync(join(stale, 'sentinel.json'), JSON.stringify({ ...manifest, sources: '0'.repeat(64) }))
  }, 120_000)
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true })
    noCompiler.remove()
  })

  it('the prebuilt binary, with no C compiler on PATH', async () => {
    const said = await sentinelLines({ PATH: noCompiler.path, PROCLIFE_SENTINEL_PACKAGE: built })
    expect(said).toMatch(
      new RegExp(
        `^✔ sentinel +prebuilt: @proclife/sentinel-linux-${process.arch} 0\\.1\\.0 \\(static, \\d+ bytes\\) at ${join(built, 'bin', 'proclife-sentinel')}\\n +its sha256 and its sources' hash \\([0-9a-f]{12}\\) match this runner's: no C compiler needed$`,
      ),
    )
  })

  it('compiled with cc, when the prebuilt binary was built from other sources', async () => {
    const said = await sentinelLines({ PROCLIFE_SENTINEL_PACKAGE: stale })
    expect(said).toMatch(
      /^✔ sentinel +compiled with cc: \/\S+\/proclife-sentinel-[0-9a-f]{16}\n +no prebuilt binary used \(@proclife\/sentinel-linux-\w+ 0\.1\.0 was built from other sources \(000000000000\) than this runner's \([0-9a-f]{12}\)\); compiled once from the runner's sources and cached$/,
    )
  })

  it('neither: the Node stand-in, and what it cannot do', async () => {
    const said = await sentinelLines({ PATH: noCompiler.path, PROCLIFE_SENTINEL_PACKAGE: stale })
    expect(said).toMatch(
      /^✘ sentinel +no prebuilt sentinel \(.* was built from other sources .*\), and no C compiler: "cc" was not found on PATH\. .*\n +runs use the Node stand-in: it cannot adopt orphans \(they go to the machine's reaper\), cannot trace \(a short-lived process can be missing from a report\), and has no pseudo-terminal for --terminal$/,
    )
  })
})
