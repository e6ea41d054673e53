// Before the cli project's tests: on CI, where the browser test would otherwise skip, install
// Debian's `chromium` package (from the Debian registry, through apt-get) so that the --html page
// is really opened in a browser. Best effort: when it cannot be installed the browser test skips
// and its name says why, in one line; the suite never turns red because apt did.
import { existsSync } from 'node:fs'
import { execa } from 'execa'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why there is no Chromium for the browser test, in one line; empty when there is one. */
    chromiumMissing: string
  }
}

/** Where Debian's `chromium` package puts its browser; the browser test opens this one. */
export const CHROMIUM = '/usr/bin/chromium'

/** What {@link ensureChromium} looks at; every field has the machine's own value by default. */
export interface ChromiumSetting {
  readonly binary?: string
  /** Whether this is CI (`CI` set): only there does the suite install anything. */
  readonly ci?: boolean
  readonly root?: boolean
  readonly aptGet?: string
  /** How long apt-get may take, update and install together. @default 10 minutes */
  readonly timeoutMs?: number
  readonly log?: (line: string) => void
}

/**
 * Makes sure a Chromium is there for the browser test, installing Debian's package where that is
 * the job of the test command (CI, as root, with apt-get); resolves with why there is none, in one
 * line, or `''` when there is one.
 */
export async function ensureChromium(setting: ChromiumSetting = {}): Promise<string> {
  const binary = setting.binary ?? CHROMIUM
  const aptGet = setting.aptGet ?? '/usr/bin/apt-get'
  const log = setting.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  if (existsSync(binary)) return ''
  if (!(setting.ci ?? Boolean(process.env['CI']))) return `${binary} is not installed; apt-get install chromium`
  if (!(setting.root ?? process.getuid?.() === 0))
    return `${binary} is not installed, and only root can install it here`
  if (!existsSync(aptGet)) return `${binary} is not installed, and there is no ${aptGet} to install it with`
  const started = performance.now()
  const deadline = started + (setting.timeoutMs ?? 10 * 60_000)
  const apt = (...args: string[]) =>
    execa(aptGet, ['-q', ...args], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      all: true,
      reject: false,
      timeout: Math.max(1, deadline - performance.now()),
    })
  log(
    `proclife: CI without ${binary}: installing Debian's chromium for the browser test (apt-get update, apt-get install)`,
  )
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = await apt(...args)
    if (result.exitCode !== 0 || result.timedOut) {
      const why = result.timedOut
        ? `timed out after ${Math.round((performance.now() - started) / 1000)} s`
        : `exit ${result.exitCode ?? result.signal}`
      const last = (result.all ?? '').trim().split('\n').at(-1)?.trim()
      return `apt-get ${args[0]} failed (${why}${last ? `: ${last}` : ''}), so ${binary} is not installed`
    }
  }
  log(`proclife: chromium installed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return existsSync(binary) ? '' : `apt-get installed chromium, but there is no ${binary}`
}

/** The cli project's global set-up: what the browser test is told. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('chromiumMissing', await ensureChromium())
}
