import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'

/** Debian's Chromium, which CI installs (test/setup/install-chromium.ts); tests that need it skip without it. */
export const chromium = '/usr/bin/chromium'

/** Bounded polling of /proc until no process names `marker` in its command line. */
async function waitUntilNone(marker: string): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const left = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)
        } catch {
          return false // it ended while we looked
        }
      })
    if (left.length === 0) return
    if (Date.now() > deadline) throw new Error(`Chromium left processes behind: ${left.join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Headless Chromium with nothing of its own running in the background, each call on a fresh
 * profile in `folder`; a call resolves once no process of its profile (a helper, a crash handler)
 * is left.
 */
export function browserIn(folder: string): (...args: string[]) => Promise<{ stdout: string; stderr: string }> {
  return async (...args) => {
    const profile = mkdtempSync(join(folder, 'profile-'))
    const result = await execa(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-breakpad',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        ...args,
      ],
      { timeout: 60_000, reject: false },
    )
    await waitUntilNone(profile)
    return result
  }
}
