import type { RunReportWithLookup } from '@proclife/runner'
import type { PoolAdapter } from '@proclife/vitest/pool-adapter'
import type { HostLines } from './host-lines.js'

/** One run of a clause's scenario: the report of the pool's process, and what it said. */
export interface ScenarioRun {
  readonly scenario: string
  readonly report: RunReportWithLookup
  readonly host: HostLines
}

/** One clause of the pool contract: what it promises, the bug it catches, and how it is judged. */
export interface Clause {
  /** Its id, the start of its test's name (`terminate-waits`). */
  readonly id: string
  /** What a correct pool does. */
  readonly promise: string
  /** The kind of bug a failure means. */
  readonly catches: string
  /** Why the clause does not apply to this adapter, if it does not. */
  skipReason(adapter: PoolAdapter): string | undefined
  /** The host's scenarios to run, one run each (most clauses have one). */
  scenarios(adapter: PoolAdapter): readonly string[]
  /** Whether the scenario ends with the pool's process killed by a signal (then no "done" is expected). */
  readonly signalled?: boolean
  /** Asserts, with the matchers, on one run; throws the matcher's error when the clause does not hold. */
  judge(run: ScenarioRun, adapter: PoolAdapter): void | Promise<void>
}
