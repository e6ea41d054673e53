#!/usr/bin/env node
// `npm run pack:all [-- --out DIR]`: one installable tarball per published package, for projects
// outside this repository while the packages are not on a registry. Each package is packed with
// `pnpm pack`, which builds it first (its `prepack` script) and rewrites `workspace:` and
// `catalog:` ranges to real versions — `npm pack` would leave them, and npm cannot install those.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { out: { type: 'string' } } })
// INIT_CWD: under `npm run`, a relative --out means where the user typed the command.
const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? join(root, 'tarballs'))
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

execFileSync(process.execPath, [join(root, 'scripts', 'bootstrap.mjs')], { stdio: 'inherit' })
mkdirSync(out, { recursive: true })
for (const name of readdirSync(out)) if (name.endsWith('.tgz')) rmSync(join(out, name))

const tarballs = []
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'))
  if (manifest.private) continue
  execFileSync('npx', ['-y', packageManager, 'pack', '--pack-destination', out], {
    cwd: join(root, 'packages', dir),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  tarballs.push(join(out, `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`))
}
for (const tarball of tarballs) readFileSync(tarball) // each must exist: fail here, not in the user's npm

process.stdout.write(`${tarballs.join('\n')}\n\nInstall them all at once in your project:\n  npm i -D vitest ${join(out, '*.tgz')}\n`)
