import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { browserIn, chromium } from './helpers/chromium.js'
import { decodePng } from './helpers/png.js'
import { runCli } from './helpers/cli.js'

// The page of `proclife run --html`, opened in a real headless Chromium as a person would, and
// looked at: the screenshot must show the picture's colours, not a blank or an error page.
// Chromium is not part of the project's install: without /usr/bin/chromium (Debian's `chromium`
// package, which CI installs: test/setup/install-chromium.ts) these tests are skipped, and say so
// in their name.

const here = dirname(fileURLToPath(import.meta.url))
const fixture = (name: string): string => join(here, '..', '..', 'runner', 'test', 'fixtures', name)
const out = mkdtempSync(join(tmpdir(), 'proclife-browser-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))
const browse = browserIn(out)

const hex = (colour: string): [number, number, number] =>
  [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as [number, number, number]

// On CI the cli project's global set-up installs it first where it can, and says why it could not.
const missing = existsSync(chromium)
  ? ''
  : ` (skipped: ${inject('chromiumMissing') || `${chromium} is not installed; apt-get install chromium`})`

describe.skipIf(missing !== '')(`the --html page in headless Chromium${missing}`, () => {
  const page = join(out, 'never-reaped.html')
  const picture = join(out, 'never-reaped.svg')

  it('renders: the screenshot is not blank and shows the running, zombie and verdict colours', async () => {
    const run = await runCli(['run', '--html', page, '--svg', picture, fixture('never-reaped.py')])
    expect(run.exitCode).toBe(0)
    const shot = join(out, 'never-reaped.png')
    const browser = await browse('--window-size=1400,900', `--screenshot=${shot}`, `file://${page}`)
    expect(existsSync(shot), browser.stderr).toBe(true)
    const png = decodePng(readFileSync(shot))
    expect([png.width, png.height]).toEqual([1400, 900])
    const count = new Map<string, number>()
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const key = png.at(x, y).join(',')
        count.set(key, (count.get(key) ?? 0) + 1)
      }
    }
    const white = count.get('255,255,255') ?? 0
    expect(white / (png.width * png.height)).toBeLessThan(0.97)
    // Colours straight from the palette: the SVG was drawn, not just the page's text.
    for (const colour of ['#7cc47f', '#e0524f', '#f9c9c8'])
      expect(count.get(hex(colour).join(',')) ?? 0, colour).toBeGreaterThan(100)
  })

  it('parses the SVG file on its own as XML, without errors', async () => {
    const dom = await browse('--dump-dom', `file://${picture}`)
    expect(dom.stdout).toContain('<svg')
    expect(dom.stdout).not.toMatch(/parsererror|This page contains the following errors/)
  })
})
