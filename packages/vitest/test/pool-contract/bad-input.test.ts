import { describe, expect, it } from 'vitest'
import { definePoolAdapter, describePoolContract, type PoolAdapter } from '../../src/pool-contract.js'
import { correct } from '../fixtures/pool-contract/adapters.mjs'

// A wrong adapter or option is a one-line error when the test file loads, never a clause that
// passes by checking nothing.
const base = {
  name: 'p',
  module: import.meta.url.replace(/\.ts$/, '.mjs'),
  maxWorkers: 1,
  create: () => ({}),
  tasks: { quick: async () => {} },
  terminate: async () => {},
}

describe('definePoolAdapter', () => {
  it.each([
    [
      { ...base, module: import.meta.url },
      "definePoolAdapter(): p: the adapter's module must be JavaScript (.mjs, .js): it runs in the pool's own process without a TypeScript loader, whose processes would count as the pool's.",
    ],
    [
      { ...base, module: 'my-pool.adapter.mjs' },
      'definePoolAdapter(): p: module must be the file URL of the adapter\'s module (import.meta.url); received "my-pool.adapter.mjs".',
    ],
    [{ ...base, maxWorkers: 0 }, 'definePoolAdapter(): p: maxWorkers must be a positive integer; received 0.'],
    [
      { ...base, name: '' },
      "definePoolAdapter(): name must be a non-empty string (it names the adapter among its module's exports).",
    ],
    [{ ...base, tasks: {} }, 'definePoolAdapter(): p: tasks.quick must be a function.'],
    [
      { ...base, tasks: { quick: async () => {}, hang: 'hang' } },
      'definePoolAdapter(): p: tasks.hang must be a function when given.',
    ],
    [{ ...base, terminate: undefined }, 'definePoolAdapter(): p: terminate must be a function.'],
    [null, 'definePoolAdapter(): an adapter is an object; received null.'],
  ])('refuses %#', (adapter, message) => {
    expect(() => definePoolAdapter(adapter as unknown as PoolAdapter)).toThrow(new TypeError(message))
  })

  it("accepts a JavaScript module's adapter", () => {
    expect(definePoolAdapter(base).name).toBe('p')
  })
})

describe('describePoolContract', () => {
  it('needs an adapter made by definePoolAdapter', () => {
    expect(() => describePoolContract({ ...base })).toThrow(
      'describePoolContract() needs an adapter made by definePoolAdapter() of @proclife/vitest/pool-adapter; received object.',
    )
  })

  it('needs bounds that are positive numbers of milliseconds', () => {
    expect(() => describePoolContract(correct, { timeout: 0 })).toThrow(
      'describePoolContract(): timeout must be a positive number of milliseconds; received 0.',
    )
    expect(() => describePoolContract(correct, { settle: Number.NaN })).toThrow(
      'describePoolContract(): settle must be a positive number of milliseconds; received NaN.',
    )
  })

  it('names the clauses when asked for one it does not have', () => {
    expect(() => describePoolContract(correct, { clauses: ['terminate-wait'] })).toThrow(
      'describePoolContract(): no clause terminate-wait (clauses: terminate-waits, reaps-workers, terminate-twice, force-terminate, replaces-crashed, max-workers, hang-timeout, sigkill-parent, signals).',
    )
  })
})
