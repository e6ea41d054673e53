// `node --conditions=@proclife/source --import tsx scripts/build-sentinels.ts [--all]`: compiles the
// sentinel statically into each platform package (packages/sentinel-linux-<arch>/bin/, with its
// sentinel.json), from this repository's sources. `npm run pack:all` runs it before packing.
// This machine's architecture needs only `cc` and the static C library (Debian: gcc libc6-dev);
// the other one its cross compiler (apt-get install gcc-aarch64-linux-gnu, or gcc-x86-64-linux-gnu
// on an arm64 machine). A missing cross compiler skips that platform with a note, or fails with --all.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildPrebuiltSentinel, compilerFor, PREBUILT_TARGETS } from '../packages/sentinel/src/build-prebuilt.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { all: { type: 'boolean', default: false } } })

const missing: string[] = []
for (const target of PREBUILT_TARGETS) {
  const compiler = compilerFor(target)
  const packageDir = join(root, 'packages', `sentinel-linux-${target.arch}`)
  try {
    execFileSync(compiler, ['--version'], { stdio: 'ignore' })
  } catch {
    // A binary left from an earlier build must not be packed as if it were this one.
    for (const old of ['bin', 'sentinel.json']) rmSync(join(packageDir, old), { recursive: true, force: true })
    missing.push(`linux-${target.arch}: no ${compiler} (apt-get install ${target.debianPackage})`)
    continue
  }
  const manifest = await buildPrebuiltSentinel(target, packageDir, compiler)
  process.stdout.write(
    `${manifest.package}: ${manifest.bytes} bytes, sha256 ${manifest.sha256}, sources ${manifest.sources.slice(0, 12)}, ${manifest.compiler}\n`,
  )
}
for (const line of missing) process.stderr.write(`build-sentinels: skipped ${line}\n`)
if (values.all && missing.length > 0) process.exit(1)
