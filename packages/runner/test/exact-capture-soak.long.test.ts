import { availableParallelism } from 'node:os'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFixture } from '../src/index.js'
import { fixture } from './helpers/fixtures.js'

// A soak (`npm run test:long`): every core busy while the runs go, so exact capture must not depend
// on the sentinel being quick. The thousand-run version: `pnpm soak:exit-status`.
const burners: (Promise<unknown> & { kill: (signal: NodeJS.Signals) => boolean })[] = []
beforeAll(() => {
  for (let i = 0; i < availableParallelism(); i++)
    burners.push(execa(process.execPath, ['-e', 'for (;;) {}'], { reject: false }))
})
afterAll(async () => {
  for (const burner of burners) burner.kill('SIGKILL')
  await Promise.all(burners)
})

describe('exact capture under load', () => {
  it('gives the textbook double fork the same tree, labels, parents at birth and exit statuses on 50 runs', async () => {
    const shapes = new Set<string>()
    for (let i = 0; i < 50; i++) {
      const report = await runFixture(fixture('double-fork-daemon.py'), { capture: 'exact' })
      expect(report.capture).toEqual({ mode: 'exact', reason: null })
      shapes.add(
        JSON.stringify(report.processes.map((p) => [p.id, p.parents[0]?.id, p.parents[0]?.exact, p.adopted, p.exit])),
      )
    }
    const ok = { code: 0, signal: null, core: false }
    expect([...shapes].map((s) => JSON.parse(s) as unknown)).toEqual([
      [
        ['root', 'reaper', true, false, ok],
        ['root.1', 'root', true, false, ok],
        ['root.1.1', 'root.1', true, true, ok],
      ],
    ])
  }, 300_000)
})
