#!/usr/bin/env node
// Makes a fresh clone ready: installs the workspace with the pnpm version pinned in package.json
// (through npx, because corepack's signature check fails against some registries), unless the
// installed tree already matches the lockfile. Safe to run before every command.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const marker = join(root, 'node_modules', '.modules.yaml')
const lockfile = join(root, 'pnpm-lock.yaml')

const installed = existsSync(marker) && existsSync(lockfile) && statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs
if (!installed) {
  const args = ['-y', packageManager, 'install']
  if (process.env.CI) args.push('--frozen-lockfile')
  process.stderr.write(`proclife: installing dependencies with ${packageManager}\n`)
  execFileSync('npx', args, { cwd: root, stdio: 'inherit' })
}
