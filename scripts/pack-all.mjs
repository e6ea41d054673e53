#!/usr/bin/env node
// `npm run pack:all [-- --out DIR]`: one installable tarball per published package, for projects
// outside this repository while the packages are not on a registry. Each package is packed with
// `pnpm pack`, which builds it first (its `prepack` script) and rewrites `workspace:` and
// `catalog:` ranges to real versions — `npm pack` would leave them, and npm cannot install those.
// First it builds the prebuilt sentinels (scripts/build-sentinels.ts), so that each platform
// package's tarball carries its binary; those go to DIR/sentinels/, apart, because npm refuses a
// tarball named on its command line whose `cpu` is not this machine's (EBADPLATFORM), where it
// skips an optional dependency from the registry.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { out: { type: 'string' } } })
// INIT_CWD: under `npm run`, a relative --out means where the user typed the command.
const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? join(root, 'tarballs'))
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

execFileSync(process.execPath, [join(root, 'scripts', 'bootstrap.mjs')], { stdio: 'inherit' })
execFileSync(
  process.execPath,
  ['--conditions=@proclife/source', '--import', 'tsx', join(root, 'scripts', 'build-sentinels.ts')],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
)
const sentinels = join(out, 'sentinels')
mkdirSync(sentinels, { recursive: true })
for (const dir of [out, sentinels])
  for (const name of readdirSync(dir)) if (name.endsWith('.tgz')) rmSync(join(dir, name))

const tarballs = []
const platformTarballs = []
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'))
  if (manifest.private) continue
  const platform = manifest.cpu !== undefined
  // A platform package whose binary could not be built here (no cross compiler) is not packed.
  if (platform && !existsSync(join(root, 'packages', dir, 'sentinel.json'))) continue
  const destination = platform ? sentinels : out
  execFileSync('npx', ['-y', packageManager, 'pack', '--pack-destination', destination], {
    cwd: join(root, 'packages', dir),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  ;(platform ? platformTarballs : tarballs).push(
    join(destination, `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`),
  )
}
for (const tarball of [...tarballs, ...platformTarballs]) readFileSync(tarball) // each must exist: fail here, not in the user's npm

const mine = platformTarballs.find((t) => t.includes(`-${process.platform}-${process.arch}-`))
process.stdout.write(
  `${[...tarballs, ...platformTarballs].join('\n')}\n\nInstall them all at once in your project (with this machine's prebuilt sentinel):\n  npm i -D vitest ${join(out, '*.tgz')}${mine ? ` ${mine}` : ''}\n`,
)
