import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { defaultLimits, gradingTmp, loadLab, planGrading } from '../src/index.js'
import { openSandbox } from '../src/sandbox.js'
import { exampleLab } from './helpers.js'

describe('a sandbox wraps a program', () => {
  it('its argv runs the program inside the containment, and its wrapper is every word before the program', async () => {
    const plan = await planGrading(loadLab(exampleLab), { user: 'root', privateFiles: false })
    const base = mkdtempSync(join(gradingTmp(), 'proclife-test-sandbox-'))
    const program = ['/bin/sh', '-c', 'echo "$0 in $(cat /proc/self/cgroup | grep -c proclife-grade)"', 'contained']
    const sandbox = await openSandbox(program, {
      limits: defaultLimits,
      base,
      plan,
      user: null,
      hide: [],
      visible: [],
      cgroup: true,
    })
    try {
      expect(sandbox.argv.slice(sandbox.wrapper)).toEqual(program)
      expect(sandbox.note).toMatch(/^contained: /)
      expect(sandbox.note).toContain('time limit 10000 ms')
      const { stdout } = await promisify(execFile)(sandbox.argv[0]!, sandbox.argv.slice(1))
      // In its pids and memory cgroups where the machine has them, in none where it has not.
      const cgroups = /pids cgroup v[12]/.test(sandbox.note) ? (/memory up to/.test(sandbox.note) ? 2 : 1) : 0
      expect(stdout.trim()).toBe(`contained in ${cgroups}`)
    } finally {
      await sandbox.discard()
      sandbox.close()
      rmSync(base, { recursive: true, force: true })
    }
  })
})
