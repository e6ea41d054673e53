import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { browserIn, chromium } from './helpers/chromium.js'
import { decodePng } from './helpers/png.js'
import { runCli } from './helpers/cli.js'

// `proclife grade --html`: the example lab graded as a class — the reference, and for each wrong
// solution of two exercises a student whose other files are right — plus a student whose program
// never ends (the time limit) and one whose folder's name is markup. The page is read as text,
// then opened in a real headless Chromium and looked at.

const here = dirname(fileURLToPath(import.meta.url))
const lab = join(here, '..', '..', '..', 'fixtures', 'labs', 'process-lifecycles')
const scratch = mkdtempSync(join(tmpdir(), 'proclife-class-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const browse = browserIn(scratch)

const exercises: Record<string, { file: string; variants: string[] }> = {
  'reap-one': { file: 'reap_one.py', variants: ['no-wait', 'raw-status'] },
  orphan: { file: 'orphan.py', variants: ['child-exits-first', 'parent-waits'] },
}
const students: string[] = []
const student = (name: string, replace?: { file: string; from?: string; text?: string }): void => {
  const dir = join(scratch, 'class', name)
  cpSync(join(lab, 'submissions', 'reference'), dir, { recursive: true })
  if (replace?.from) cpSync(replace.from, join(dir, replace.file))
  if (replace?.text) writeFileSync(join(dir, replace.file), replace.text)
  students.push(dir)
}
const html = join(scratch, 'class.html')
const out = join(scratch, 'results')
let graded: { stdout: string; stderr: string; exitCode?: number | undefined }

beforeAll(async () => {
  mkdirSync(join(scratch, 'class'))
  student('reference')
  for (const [id, { file, variants }] of Object.entries(exercises)) {
    for (const v of variants) student(`${id}--${v}`, { file, from: join(lab, 'wrong', id, v, file) })
  }
  student('sleepy', { file: 'reap_one.py', text: 'import time\ntime.sleep(60)\n' })
  student('mallory<b>')
  graded = await runCli(['grade', '--only', 'reap-one,orphan', '--out', out, '--html', html, lab, ...students], {
    env: { NO_COLOR: undefined, FORCE_COLOR: undefined },
  })
}, 300_000)

describe('proclife grade --html: the class report', () => {
  it('writes one page, to --html and as index.html in the --out folder, and says where', () => {
    expect(graded.stderr).toBe('')
    expect(graded.exitCode).toBe(0)
    expect(graded.stdout).toContain(`the class report: ${html} and ${join(out, 'index.html')}`)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(readFileSync(html, 'utf8'))
  })

  it("lists the checks most failed first, each with its failure rate, the first with its typical failure's picture", () => {
    const page = readFileSync(html, 'utf8')
    expect(page).toMatch(
      /<p class="headline">7 submissions graded: mean <strong>[\d.]+<\/strong>, median <strong>[\d.]+<\/strong> of 20 points; 2 with full marks\.<\/p>/,
    )
    const rates = [...page.matchAll(/<td class="n">(\d+) of 7<\/td>/g)].map((m) => Number(m[1]) / 7)
    const passed = /<p class="all-passed">Every submission passed the other (\d+) checks: /.exec(page)
    expect(rates.length + Number(passed?.[1] ?? 0)).toBe(10)
    expect(rates).toEqual([...rates].sort((a, b) => b - a))
    expect(rates.every((r) => r > 0)).toBe(true)
    expect(page).toMatch(
      /<details open><summary>typical failure \(\d+ of \d+ read like it\), in [^:]+: [^<]+<\/summary><div class="picture"><svg/,
    )
  })

  it("names the timed-out submission, the slowest, and escapes a folder's name that is markup", () => {
    const page = readFileSync(html, 'utf8')
    expect(page).toMatch(
      /<h2>Timed out<\/h2><ul><li><strong>sleepy<\/strong>: reached the time limit in reap-one: everything it ran was killed there<\/li><\/ul>/,
    )
    // Two runs of 10 s each: among the slowest, whatever the load did to the others.
    expect(page).toMatch(
      /<h2>Slowest submissions<\/h2><ul>.*<li><strong>sleepy<\/strong>: [\d.]+ s to grade; reached the time limit in reap-one<\/li>/,
    )
    expect(page).toContain('<tr><td>mallory&lt;b&gt;</td><td class="n">20/20</td>')
    expect(page).not.toContain('mallory<b>')
    expect(page).toContain('<h2>Unstable checks</h2>\n<p class="none">None seen')
  })

  const missing = existsSync(chromium)
    ? ''
    : ` (skipped: ${inject('chromiumMissing') || `${chromium} is not installed; apt-get install chromium`})`
  it.skipIf(missing !== '')(
    `renders in headless Chromium: the score chart and the failure bars are drawn${missing}`,
    async () => {
      const shot = join(scratch, 'class.png')
      const browser = await browse('--window-size=1200,1400', `--screenshot=${shot}`, `file://${html}`)
      expect(existsSync(shot), browser.stderr).toBe(true)
      const png = decodePng(readFileSync(shot))
      const count = new Map<string, number>()
      for (let y = 0; y < png.height; y++)
        for (let x = 0; x < png.width; x++) {
          const key = png.at(x, y).join(',')
          count.set(key, (count.get(key) ?? 0) + 1)
        }
      expect((count.get('255,255,255') ?? 0) / (png.width * png.height)).toBeLessThan(0.97)
      // The chart's bars (#4a7fc1) and the failure-rate bars (#e0524f).
      expect(count.get('74,127,193') ?? 0).toBeGreaterThan(500)
      expect(count.get('224,82,79') ?? 0).toBeGreaterThan(100)
      const dom = await browse('--dump-dom', `file://${html}`)
      expect(dom.stdout).toContain('<h2>Checks, most failed first</h2>')
      expect(dom.stdout).not.toMatch(/parsererror/)
    },
  )
})
