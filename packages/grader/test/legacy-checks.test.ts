import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checks, parseSentinelEvent, replayEvents } from '@proclife/report'
import { evaluateCheck, resolveCheck, type Check } from '../src/index.js'

// Lab keys from before the check registry still load, each as the registry's check for the fact
// it meant (docs/checks.md, "Migration"), and grade exactly as the new key does.

const report = replayEvents(
  readFileSync(new URL('../../report/test/streams/undetermined-reparent-zombie.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map(parseSentinelEvent),
)
const grade = (check: Check) => evaluateCheck(check, report, { zombiesAtRelease: new Map() })

describe('legacy lab keys', () => {
  it.each([
    [{ points: 1, adoptedByReaper: 'root.1' }, checks.orphaned, 'root.1', { points: 1, orphaned: 'root.1' }],
    [{ points: 1, noZombies: { grace: 50 } }, checks.reapedWithin, 50, { points: 1, reapedWithin: 50 }],
    [
      { points: 1, exitStatus: { process: 'root', code: 0 } },
      checks.exitedWith,
      { process: 'root', code: 0 },
      { points: 1, exitedWith: { process: 'root', code: 0 } },
    ],
    [
      { points: 1, exitStatus: { process: 'root.1', signal: 'SIGTERM' } },
      checks.killedDuringRun,
      { process: 'root.1', signal: 'SIGTERM' },
      { points: 1, killedDuringRun: { process: 'root.1', signal: 'SIGTERM' } },
    ],
    [{ points: 1, noZombies: true }, checks.noZombies, true, { points: 1, noZombies: true }],
  ] as const)("%j is the registry's check for its fact", (legacy, check, params, current) => {
    expect(resolveCheck(legacy as Check)).toEqual({ check, params })
    expect(grade(legacy as Check)).toEqual(grade(current as Check))
  })
})
