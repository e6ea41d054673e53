import { mkdtempSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findByEnvironment } from '@proclife/proctable'
import { SENTINEL_PROTOCOL, startNodeSentinel, type SentinelEvent } from '@proclife/sentinel'
import { resolveOptions } from '../src/options.js'
import { Run } from '../src/run/run.js'

// The protocol's version, checked where a run meets its sentinel's hello (the contract that both
// backends speak it is the sentinel package's: sentinel/test/sentinel-contract.test.ts).

let scratch: string
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'proclife-protocol-'))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const env = (token: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  PROCLIFE_RUN: token,
})
const socket = (): string => join(mkdtempSync(join(scratch, 'run-')), 'checkpoint.sock')

describe('the version, checked at hello', () => {
  it('ends a run whose sentinel speaks another protocol, saying so in one line, and leaves nothing behind', async () => {
    const options = resolveOptions({ cwd: scratch })
    const runId = `contract-${randomUUID()}`
    const inner = startNodeSentinel({
      argv: ['sh', '-c', 'exec sleep 30'],
      cwd: scratch,
      env: env(runId),
      intervalMs: 5,
      socketPath: socket(),
      holds: [],
      reason: 'the contract suite',
    })
    // A sentinel of another release: the same stand-in, announcing protocol 1.
    const older = {
      ...inner,
      onEvent: (listener: (e: SentinelEvent) => void) =>
        inner.onEvent((e) => listener(e.ev === 'hello' ? { ...e, protocol: 1 } : e)),
    }
    const run = new Run(runId, new Date(), ['sh'], null, options, older, () => Promise.resolve())
    const error = await run.done.then(
      () => null,
      (e: unknown) => e as Error,
    )
    expect(error?.name).toBe('SentinelProtocolError')
    expect(error?.message).toBe(
      `the sentinel speaks protocol 1 and this proclife speaks protocol ${SENTINEL_PROTOCOL}: the sentinel binary is from another version of proclife (rebuild it, or reinstall proclife so that both match)`,
    )
    expect(findByEnvironment('PROCLIFE_RUN', runId, new Set([process.pid]))).toEqual([])
  })
})
