import { runFixture } from '@proclife/runner'
import { expect, it, vi } from 'vitest'
import { attachPicture } from '../src/format/attach-picture.js'
import { fixture } from './helpers/fixtures.js'

// A failing matcher attaches the picture of the run to its test as a vitest annotation (the UI and
// the HTML reporter show it beside the failure); a passing one attaches nothing.

it('attaches the SVG of the run once, for the failing assertion only', async ({ task }) => {
  const clean = await runFixture(fixture('double-fork.py'))
  const zombie = await runFixture(fixture('never-reaped.py'))
  await expect(clean).toLeaveNoZombies()
  await expect(zombie).not.toLeaveNoZombies()
  expect(() => expect(zombie).toLeaveNoZombies()).toThrow(/Expected the run to leave no zombies/)
  await vi.waitFor(() => expect(task.annotations).toHaveLength(1), { timeout: 10_000, interval: 20 })
  const [annotation] = task.annotations
  expect(annotation).toMatchObject({ message: 'proclife: the picture of the run', type: 'proclife', attachment: { contentType: 'image/svg+xml' } })
  const body = String(annotation!.attachment!.body)
  // The body may come back base64-encoded, depending on the vitest version.
  const svg = body.startsWith('<svg') ? body : Buffer.from(body, 'base64').toString('utf8')
  expect(svg).toMatch(/^<svg /)
  expect(svg).toContain('1 zombie (root.1)')
})

it('does nothing where the test cannot be annotated', () => {
  expect(() => {
    attachPicture(undefined, {} as never)
    attachPicture({}, {} as never)
    attachPicture({ context: {} }, {} as never)
    attachPicture({ context: { annotate: () => { throw new Error('finished') } } }, { processes: [], events: [], checkpoints: [], verdict: { zombies: [], orphans: [], strays: [], escaped: [], undetermined: [] }, reaper: { pid: 1, kind: 'init' }, command: [], durationMs: 1 } as never)
  }).not.toThrow()
})
