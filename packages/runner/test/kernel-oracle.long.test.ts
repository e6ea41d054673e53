import { availableParallelism } from 'node:os'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFixture, type Target } from '../src/index.js'
import { fixture } from './helpers/fixtures.js'
import {
  genealogyBelow,
  genealogyOf,
  startKernelOracle,
  type Genealogy,
  type KernelOracle,
} from './helpers/kernel-oracle.js'

// The proc connector is root-only (CAP_NET_ADMIN in the initial namespaces): elsewhere this file
// has nothing to compare with, and says so by skipping.
let oracle: KernelOracle | null = null
const burners: (Promise<unknown> & { kill: (signal: NodeJS.Signals) => boolean })[] = []
beforeAll(async () => {
  oracle = await startKernelOracle()
  for (let i = 0; i < availableParallelism(); i++)
    burners.push(execa(process.execPath, ['-e', 'for (;;) {}'], { reject: false }))
})
afterAll(async () => {
  for (const burner of burners) burner.kill('SIGKILL')
  await Promise.all(burners)
  await oracle?.stop()
})

const targets: [string, Target][] = [
  ['the textbook double fork', fixture('double-fork-daemon.py')],
  [
    '10 short-lived intermediates, adopted grandchildren that exec or exit with their own status',
    fixture('fork-chain.py'),
  ],
  [
    'a shell pipeline, a background job and an exit status',
    ['/bin/sh', '-c', '/bin/echo b a | /usr/bin/tr " " "\\n" | /usr/bin/sort >/dev/null; (/bin/true &); exit 3'],
  ],
]

describe('the kernel agrees with the report (proc connector oracle, root only)', () => {
  it.for(targets)(
    '%s: every pid, parent at birth, exec and exit status, 30 runs with every core busy',
    { timeout: 300_000 },
    async ([, target], { skip }) => {
      if (!oracle) {
        skip('the proc connector is not available here (root in the initial namespaces only)')
        return
      }
      let compared = 0
      for (let i = 0; i < 30; i++) {
        const report = await runFixture(target, { capture: 'exact' })
        const root = report.processes.find((p) => p.id === 'root')!
        const sentinel = root.parents[0]!.pid
        const oracleEvents = oracle.events
        // The kernel's events arrive on their own socket: wait (bounded) for the sentinel's exit.
        let kernel: Genealogy | null = null
        for (const deadline = Date.now() + 5_000; !kernel && Date.now() < deadline;) {
          kernel = genealogyBelow(oracleEvents, sentinel, root.pid)
          if (!kernel) await new Promise((resolve) => setTimeout(resolve, 10)) // bounded polling for a state
        }
        if (!kernel) continue // the socket overran: this run's record has a gap
        expect(genealogyOf(report)).toEqual(kernel)
        compared++
      }
      expect(compared).toBeGreaterThanOrEqual(27)
    },
  )
})
