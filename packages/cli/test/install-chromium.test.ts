import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureChromium } from './setup/install-chromium.js'

// The CI set-up of the browser test, on every path but a real install (which would change this
// machine): each reason it gives is one line, and a failing or hanging apt-get is a reason, not an error.

const scratch = mkdtempSync(join(tmpdir(), 'proclife-chromium-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const absent = join(scratch, 'no-chromium')
const quiet = { log: () => {} }

describe('ensureChromium', () => {
  it('has nothing to do when the browser is there', async () => {
    expect(
      await ensureChromium({ binary: process.execPath, ci: true, root: true, aptGet: '/bin/false', ...quiet }),
    ).toBe('')
  })

  it('installs nothing outside CI, nor as another user than root, nor without apt-get, and says which', async () => {
    expect(await ensureChromium({ binary: absent, ci: false, root: true, ...quiet })).toBe(
      `${absent} is not installed; apt-get install chromium`,
    )
    expect(await ensureChromium({ binary: absent, ci: true, root: false, ...quiet })).toBe(
      `${absent} is not installed, and only root can install it here`,
    )
    expect(
      await ensureChromium({ binary: absent, ci: true, root: true, aptGet: join(scratch, 'no-apt-get'), ...quiet }),
    ).toBe(`${absent} is not installed, and there is no ${join(scratch, 'no-apt-get')} to install it with`)
  })

  it('turns a failing apt-get into a one-line reason, with its last words', async () => {
    const apt = join(scratch, 'failing-apt-get')
    writeFileSync(
      apt,
      '#!/bin/sh\necho "Reading package lists..."\necho "E: Unable to locate package chromium" >&2\nexit 100\n',
    )
    chmodSync(apt, 0o755)
    const lines: string[] = []
    const reason = await ensureChromium({
      binary: absent,
      ci: true,
      root: true,
      aptGet: apt,
      log: (l) => lines.push(l),
    })
    expect(reason).toBe(
      `apt-get update failed (exit 100: E: Unable to locate package chromium), so ${absent} is not installed`,
    )
    expect(lines).toEqual([
      `proclife: CI without ${absent}: installing Debian's chromium for the browser test (apt-get update, apt-get install)`,
    ])
  })

  it('gives up on an apt-get that hangs, within its bound', async () => {
    const apt = join(scratch, 'hanging-apt-get')
    writeFileSync(apt, '#!/bin/sh\nexec tail -f /dev/null\n')
    chmodSync(apt, 0o755)
    const reason = await ensureChromium({ binary: absent, ci: true, root: true, aptGet: apt, timeoutMs: 300, ...quiet })
    expect(reason).toMatch(
      new RegExp(`^apt-get update failed \\(timed out after \\d+ s\\), so ${absent} is not installed$`),
    )
  })
})
