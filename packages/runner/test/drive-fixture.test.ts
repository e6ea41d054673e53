import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { expect, it } from 'vitest'
import { startFixture, WaitForTimeoutError } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

it('drives a fixture step by step: hold a checkpoint, look, signal, release', async () => {
  const run = await startFixture(fixture('hold-zombie.py'), { holdCheckpoints: ['zombie-ready'] })
  const checkpoint = await run.waitForCheckpoint('zombie-ready')
  expect(checkpoint.processes.map((p) => [p.id, p.state])).toContainEqual(['root.1', 'Z'])
  // While the checkpoint is held the fixture is blocked, so the zombie is still there.
  const view = await run.waitFor((v) => v.zombies.includes('root.1'), { description: 'root.1 to be a zombie' })
  expect(view.picture).toContain('<defunct>')
  // A fresh look at /proc agrees: the child is a zombie, its parent is blocked at the checkpoint.
  const now = await run.look()
  expect(now.map((p) => [p.id, p.state])).toEqual([
    ['root', expect.stringMatching(/^[SR]$/)],
    ['root.1', 'Z'],
  ])
  run.release('zombie-ready')
  await run.waitFor((v) => v.processes.some((p) => p.id === 'root' && p.argv !== null))
  run.signal('root', 'USR1')
  const report = await run.done
  expect(report.stdout).toBe('cleared\n')
  expect(report.process('root.1').reapedBy).toBe('parent')
  expect(report.exit).toEqual({ code: 0, signal: null })
  expect(await run.look()).toEqual([])
})

it('names the state it waited for, with the tree, when waitFor gives up', async () => {
  const run = await startFixture(fixture('tree.sh'))
  const error = await run
    .waitFor((v) => v.zombies.length > 0, { timeout: 200, description: 'a zombie' })
    .catch((e: unknown) => e)
  expect(error).toBeInstanceOf(WaitForTimeoutError)
  expect((error as Error).message).toMatch(/^Waited for a zombie, but 200 ms passed\.\n\nThe run now:\n/)
  expect((error as Error).message).toMatch(/root sh/)
  run.closeStdin()
  const report = await run.done
  expect(report.processes.map((p) => p.id)).toEqual(['root', 'root.1', 'root.2'])
  expect(report.verdict.strays).toEqual([])
})

it('leaves nothing behind when the runner itself is SIGKILLed mid-run', async () => {
  const runner = spawn(
    process.execPath,
    ['--conditions=@proclife/source', '--import', 'tsx', fixture('killed-runner.mjs'), fixture('tree.sh')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const [line] = (await once(createInterface({ input: runner.stdout }), 'line')) as [string]
  const { runId, pids } = JSON.parse(line) as { runId: string; pids: number[] }
  expect(pids.length).toBeGreaterThanOrEqual(3)
  expect(processesOfRun(runId).length).toBeGreaterThanOrEqual(4) // the sentinel and the fixture's three
  runner.kill('SIGKILL')
  await once(runner, 'exit')
  // The sentinel sees its command pipe close and kills the tree; check from outside, bounded.
  await expect.poll(() => processesOfRun(runId), { timeout: 10_000, interval: 20 }).toEqual([])
})
