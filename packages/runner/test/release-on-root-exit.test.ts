import { expect, it } from 'vitest'
import { runFixture } from '../src/index.js'
import { fixture, processesOfRun } from './helpers/fixtures.js'

// The root exits while its child is blocked at a checkpoint only the harness holds: the child is
// the harness's doing, not the fixture's, until the hold ends.

it('releaseOnRootExit: a held checkpoint is released when the root exits, so the child finishes by itself', async () => {
  const report = await runFixture(fixture('orphan-at-checkpoint.py'), {
    holdCheckpoints: ['held'],
    releaseOnRootExit: true,
    settle: 5000,
  })
  const child = report.process('root.1')
  expect(child.exit).toEqual({ code: 0, signal: null, core: false })
  expect(child.killedBy).toBeNull()
  expect(report.verdict.strays).toEqual([])
  // In order: the root's exit, then the release, then the child's exit.
  const order = report.events
    .filter(
      (e) =>
        (e.kind === 'exit' && e.id === 'root') ||
        (e.kind === 'checkpoint' && e.detail.startsWith('released')) ||
        (e.kind === 'exit' && e.id === 'root.1'),
    )
    .map((e) => `${e.kind} ${e.id ?? ''}`.trim())
  expect(order).toEqual(['exit root', 'checkpoint', 'exit root.1'])
  expect(processesOfRun(report.runId)).toEqual([])
})

it('without it, the held child outlives the settle period and is killed as a stray (what the grader must never count)', async () => {
  const report = await runFixture(fixture('orphan-at-checkpoint.py'), { holdCheckpoints: ['held'], settle: 200 })
  expect(report.verdict.strays).toEqual(['root.1'])
  expect(processesOfRun(report.runId)).toEqual([])
})
