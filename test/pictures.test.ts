import { execa } from 'execa'
import { describe, expect, it } from 'vitest'

// The pictures in fixtures/README.md are drawn from recorded streams (fixtures/pictures/streams):
// when the renderer changes, `pnpm pictures` must be run and its output committed with it.
const pictures = (...args: string[]) =>
  execa(process.execPath, ['--conditions=@proclife/source', '--import', 'tsx', 'scripts/pictures.ts', ...args], {
    cwd: new URL('..', import.meta.url),
    reject: false,
  })

describe('pnpm pictures', () => {
  it('the checked-in pictures are what their streams draw', async () => {
    const check = await pictures('--check')
    expect(check.stderr).toBe('')
    expect(check.exitCode).toBe(0)
  })

  it('refuses an unknown scenario in one line, exit 2', async () => {
    const bad = await pictures('--record', 'no-such-scenario')
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toContain('no scenario no-such-scenario (there are daemon-at-exit, ')
  })
})
