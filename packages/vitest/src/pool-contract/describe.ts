import { describe, expect, it } from 'vitest'
import { isPoolAdapter, type PoolAdapter } from '@proclife/vitest/pool-adapter'
import {
  toBeAliveAt,
  toBeReapedBy,
  toExitWith,
  toHaveAtMostConcurrentProcesses,
  toHaveSpawned,
  toLeaveNoStrayProcesses,
  toLeaveNoZombies,
} from '../matchers/index.js'
import type { Clause } from './clause.js'
import { CLAUSES } from './clauses/index.js'
import { asClause, clauseHeader, scenarioProblem } from './failure.js'
import { runScenario } from './run-scenario.js'

/** Options of {@link describePoolContract}. */
export interface PoolContractOptions {
  /**
   * Only these clauses (by id: `'terminate-waits'`, `'max-workers'`, …); the others are not registered.
   * @default every clause
   */
  readonly clauses?: readonly string[]
  /**
   * The bound of one run of a scenario, in ms: a step that hangs (a terminate() that never
   * resolves) fails its clause when it is reached.
   * @default 30000
   */
  readonly timeout?: number
  /**
   * How long a worker may take to end by itself once the pool's process has ended (the clauses
   * sigkill-parent and signals judge what is alive after it), in ms. The one duration of the
   * contract: well above what load adds to a worker noticing that its parent is gone.
   * @default 3000
   */
  readonly settle?: number
}

/** The ids of every clause, in order. */
export const POOL_CLAUSES: readonly string[] = CLAUSES.map((c) => c.id)

/**
 * Registers the pool contract for one pool: a `describe` with one test per clause, each running
 * the pool in a process of its own under the sentinel and asserting with proclife's matchers on
 * that run. A failure names its clause and the kind of bug it catches; a clause the adapter's
 * capabilities rule out is a skipped test whose name says why.
 *
 * @example
 * import { describePoolContract } from '@proclife/vitest/pool-contract'
 * import { myPool } from './my-pool.adapter.mjs'
 *
 * describePoolContract(myPool)
 */
export function describePoolContract(adapter: PoolAdapter, options: PoolContractOptions = {}): void {
  if (!isPoolAdapter(adapter))
    throw new TypeError(
      `describePoolContract() needs an adapter made by definePoolAdapter() of @proclife/vitest/pool-adapter; received ${adapter === null ? 'null' : typeof adapter}.`,
    )
  const unknown = (options.clauses ?? []).filter((id) => !POOL_CLAUSES.includes(id))
  if (unknown.length > 0)
    throw new RangeError(
      `describePoolContract(): no clause ${unknown.join(', ')} (clauses: ${POOL_CLAUSES.join(', ')}).`,
    )
  const { timeout, settle } = boundsOf('describePoolContract', options)
  registerMatchers()
  const chosen = CLAUSES.filter((c) => options.clauses === undefined || options.clauses.includes(c.id))
  describe(`pool contract: ${adapter.name}`, () => {
    for (const clause of chosen) {
      const name = `${clause.id}: ${clause.promise}`
      const reason = clause.skipReason(adapter)
      if (reason !== undefined) {
        it.skip(`${name} (skipped: ${reason})`, () => {})
        continue
      }
      const runs = clause.scenarios(adapter).length
      it(name, () => checkClause(adapter, clause, { timeout, settle }), runs * (timeout + settle + 30_000))
    }
  })
}

/**
 * Checks one clause of the contract on one adapter, outside `describePoolContract`: resolves when
 * the pool keeps it, rejects with the clause's failure otherwise (a clause the adapter's
 * capabilities rule out rejects too, with the reason). For a test that expects a known failure.
 *
 * @example
 * const check = checkPoolClause(workerpoolProcesses, 'hang-timeout')
 * await expect(check).rejects.toThrow('clause hang-timeout')
 */
export async function checkPoolClause(
  adapter: PoolAdapter,
  id: string,
  options: Pick<PoolContractOptions, 'timeout' | 'settle'> = {},
): Promise<void> {
  if (!isPoolAdapter(adapter))
    throw new TypeError(
      `checkPoolClause() needs an adapter made by definePoolAdapter() of @proclife/vitest/pool-adapter; received ${adapter === null ? 'null' : typeof adapter}.`,
    )
  const clause = CLAUSES.find((c) => c.id === id)
  if (!clause) throw new RangeError(`checkPoolClause(): no clause ${id} (clauses: ${POOL_CLAUSES.join(', ')}).`)
  const reason = clause.skipReason(adapter)
  if (reason !== undefined)
    throw new Error(`checkPoolClause(): clause ${id} does not apply to "${adapter.name}": ${reason}.`)
  registerMatchers()
  await checkClause(adapter, clause, boundsOf('checkPoolClause', options))
}

/** The bounds of the options, checked: a misuse is a one-line error, never a run without a bound. */
function boundsOf(
  caller: string,
  { timeout = 30_000, settle = 3000 }: Pick<PoolContractOptions, 'timeout' | 'settle'>,
): { timeout: number; settle: number } {
  for (const [name, value] of [
    ['timeout', timeout],
    ['settle', settle],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      throw new RangeError(`${caller}(): ${name} must be a positive number of milliseconds; received ${String(value)}.`)
  }
  return { timeout, settle }
}

/** The matchers the clauses assert with (the setup entry's stand-ins, if registered, are replaced by the same matchers). */
function registerMatchers(): void {
  expect.extend({
    toBeAliveAt,
    toBeReapedBy,
    toExitWith,
    toHaveAtMostConcurrentProcesses,
    toHaveSpawned,
    toLeaveNoStrayProcesses,
    toLeaveNoZombies,
  })
}

/** Runs each of a clause's scenarios and judges it. */
async function checkClause(
  adapter: PoolAdapter,
  clause: Clause,
  bounds: { timeout: number; settle: number },
): Promise<void> {
  for (const scenario of clause.scenarios(adapter)) {
    const run = await runScenario(adapter, scenario, bounds)
    const header = clauseHeader(adapter, clause, scenario)
    const problem = scenarioProblem(run, clause)
    if (problem !== undefined) throw new Error(`${header}\n\n${problem}`)
    // A run in which the pool started nothing would pass every clause: it checks nothing.
    await asClause(`${header}\nThe adapter's pool must start its workers for the contract to judge them.`, () =>
      expect(run.report).not.toHaveSpawned(0),
    )
    await asClause(header, () => clause.judge(run, adapter))
  }
}
