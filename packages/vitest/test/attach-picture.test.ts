import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runFixture } from '@proclife/runner'
import { afterAll, expect, it, vi } from 'vitest'
import { attachPicture } from '../src/format/attach-picture.js'
import { setPictureFolder } from '../src/picture/picture-folder.js'
import { failureOf } from './helpers/failure.js'
import { fixture } from './helpers/fixtures.js'

// A failing matcher writes the picture of the run to a file, prints its path, and attaches that
// file to its test as a vitest annotation (the UI and the HTML reporter show it beside the
// failure); a passing one writes and attaches nothing.

const folder = mkdtempSync(join(tmpdir(), 'proclife-pictures-'))
setPictureFolder(folder)
afterAll(() => {
  setPictureFolder(undefined)
  rmSync(folder, { recursive: true, force: true })
})

it('writes the SVG of the run once, names it in the message, and attaches it', async ({ task }) => {
  const clean = await runFixture(fixture('double-fork.py'))
  const zombie = await runFixture(fixture('never-reaped.py'))
  await expect(clean).toLeaveNoZombies()
  await expect(zombie).not.toLeaveNoZombies()
  const failure = failureOf(() => expect(zombie).toLeaveNoZombies())
  const path = join(
    folder,
    'test__attach-picture.test.ts',
    'writes-the-svg-of-the-run-once-names-it-in-the-message-and-attaches-it.svg',
  )
  expect(failure.timeline.split('\n').at(-1)).toBe(`Picture of the run: ${path}`)
  const svg = readFileSync(path, 'utf8')
  expect(svg).toMatch(/^<svg /)
  expect(svg).toContain('1 zombie (root.1)')
  // Titled with the test's name, lanes with the program.
  expect(svg).toContain(
    '>test &quot;writes the SVG of the run once, names it in the message, and attaches it&quot;</text>',
  )
  expect(svg).toContain('>root.1 never-reaped.py</text>')
  await vi.waitFor(() => expect(task.annotations).toHaveLength(1), { timeout: 10_000, interval: 20 })
  const [annotation] = task.annotations
  expect(annotation).toMatchObject({
    message: 'proclife: the picture of the run',
    type: 'proclife',
    attachment: { contentType: 'image/svg+xml' },
  })
  // vitest copies a file attachment to its attachmentsDir and points the annotation there.
  const attached = annotation!.attachment!.path!
  expect(existsSync(attached)).toBe(true)
  expect(readFileSync(attached, 'utf8')).toBe(svg)
  rmSync(attached, { force: true })
})

it('writes nothing where pictures are off, and attaches the SVG itself, base64 as the guard does', () => {
  setPictureFolder(false)
  const annotations: unknown[] = []
  const task = {
    name: 'off',
    context: {
      annotate: (...args: unknown[]) => {
        annotations.push(args)
        return Promise.resolve()
      },
    },
  }
  const report = {
    processes: [],
    events: [],
    checkpoints: [],
    verdict: { zombies: [], orphans: [], strays: [], escaped: [], undetermined: [] },
    reaper: { pid: 1, kind: 'init' },
    command: ['x'],
    durationMs: 1,
  } as never
  expect(attachPicture(task, report)).toBeNull()
  const [[, , attachment]] = annotations as [[string, string, { body: string }]]
  expect(Buffer.from(attachment.body, 'base64').toString('utf8')).toMatch(/^<svg /)
  setPictureFolder(folder)
})

it('does nothing where the test cannot be annotated', () => {
  expect(() => {
    attachPicture(undefined, {} as never)
    attachPicture(
      {
        context: {
          annotate: () => {
            throw new Error('finished')
          },
        },
      },
      {
        processes: [],
        events: [],
        checkpoints: [],
        verdict: { zombies: [], orphans: [], strays: [], escaped: [], undetermined: [] },
        reaper: { pid: 1, kind: 'init' },
        command: [],
        durationMs: 1,
      } as never,
    )
  }).not.toThrow()
})

it('refuses a folder that is not one', () => {
  expect(() => setPictureFolder(3 as never)).toThrow(
    'setPictureFolder() takes a folder, false or undefined; received 3.',
  )
})
