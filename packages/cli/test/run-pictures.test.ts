import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { proclife } from './helpers/cli.js'

const here = dirname(fileURLToPath(import.meta.url))
const fixture = (name: string): string => join(here, '..', '..', 'runner', 'test', 'fixtures', name)
const out = mkdtempSync(join(tmpdir(), 'proclife-pictures-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('proclife run --svg / --html', () => {
  it('writes the picture of the run and the page with the picture, the tree and the timeline', async () => {
    const svg = join(out, 'run.svg')
    const html = join(out, 'run.html')
    const { stdout, stderr, exitCode } = await proclife('run', '--svg', svg, '--html', html, fixture('double-fork.py'))
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' })
    expect(stdout).toMatch(/^proclife run {2}python3 double-fork\.py$/m)
    const picture = readFileSync(svg, 'utf8')
    expect(picture).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(picture).toContain('✔ no zombies, 1 orphan (root.1.1), no strays')
    expect(picture).toContain(
      'root.1.1 double-fork.py: orphan, adopted by the sentinel, exit code 7, reaped by the sentinel',
    )
    const page = readFileSync(html, 'utf8')
    expect(page).toContain(picture)
    expect(page).toMatch(/└─ root\.1\.1 python3 \(\d+\)/)
    expect(page).toMatch(/root\.1\.1 +exit +exit code 7/)
  })

  it('refuses a file in a folder that does not exist before running anything (exit 2, one line)', async () => {
    const { stdout, stderr, exitCode } = await proclife(
      'run',
      '--svg',
      join(out, 'missing', 'run.svg'),
      fixture('double-fork.py'),
    )
    expect(exitCode).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.split('\n')[0]).toBe(
      `proclife: --svg: no folder ${join(out, 'missing')} to write ${join(out, 'missing', 'run.svg')} in`,
    )
    expect(stderr).not.toContain('    at ')
  })

  it('refuses a folder as the page', async () => {
    const { stderr, exitCode } = await proclife('run', '--html', out, fixture('double-fork.py'))
    expect(exitCode).toBe(2)
    expect(stderr.split('\n')[0]).toBe(`proclife: --html: ${out} is a folder; give a file name`)
  })
})
