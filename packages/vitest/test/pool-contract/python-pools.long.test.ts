import { expect, it } from 'vitest'
import { checkPoolClause, describePoolContract } from '../../src/pool-contract.js'
import {
  multiprocessingPool,
  multiprocessingPoolNoCrash,
  processPoolExecutor,
} from '../fixtures/pool-contract/python-adapters.mjs'

// CPython's two pools through the pool contract, on the machine's python3 (the default start
// method, fork before 3.14): the clauses each keeps, and the ones it does not, as
// docs/pool-contract.md records them. A failing clause's bound is short: each hangs for good.
const hangs = { timeout: 10_000 }

describePoolContract(multiprocessingPool, {
  clauses: ['terminate-waits', 'terminate-twice', 'sigkill-parent', 'signals'],
})
// Without the crash task, whose hang (below) would stop these scenarios before what they judge.
describePoolContract(multiprocessingPoolNoCrash, { clauses: ['reaps-workers', 'max-workers'] })

it('multiprocessing.Pool: the task whose worker died never settles (replaces-crashed fails)', async () => {
  await expect(checkPoolClause(multiprocessingPool, 'replaces-crashed', hangs)).rejects.toThrow(
    /clause replaces-crashed[\s\S]*did not finish within 10000 ms; the last step it started: "the crash task"/,
  )
}, 120_000)

it('multiprocessing.Pool: terminate() never ends a worker that ignores SIGTERM (force-terminate fails)', async () => {
  await expect(checkPoolClause(multiprocessingPool, 'force-terminate', hangs)).rejects.toThrow(
    /clause force-terminate[\s\S]*did not finish within 10000 ms; the last step it started: "force_terminate\(\)"/,
  )
}, 120_000)

describePoolContract(processPoolExecutor, {
  clauses: ['terminate-waits', 'reaps-workers', 'terminate-twice', 'max-workers'],
})

it('ProcessPoolExecutor: its workers outlive a SIGKILLed pool process, and a SIGTERMed one (sigkill-parent and signals fail)', async () => {
  await expect(checkPoolClause(processPoolExecutor, 'sigkill-parent')).rejects.toThrow(
    /clause sigkill-parent[\s\S]*2 processes \(root\.1, root\.2\) were still running/,
  )
  await expect(checkPoolClause(processPoolExecutor, 'signals')).rejects.toThrow(
    /clause signals \(run "signal-SIGTERM"\)[\s\S]*2 processes \(root\.1, root\.2\) were still running/,
  )
}, 120_000)
