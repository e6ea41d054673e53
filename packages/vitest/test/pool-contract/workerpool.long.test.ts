import { expect, it } from 'vitest'
import { checkPoolClause, describePoolContract, POOL_CLAUSES } from '../../src/pool-contract.js'
import { correct } from '../fixtures/pool-contract/adapters.mjs'
import { workerpoolProcesses } from '../fixtures/pool-contract/workerpool.adapter.mjs'

// workerpool (npm, the version in the catalog) with process workers: the clauses it keeps, and the
// one it does not (docs/pool-contract.md, "Real pools").
describePoolContract(workerpoolProcesses, { clauses: POOL_CLAUSES.filter((c) => c !== 'hang-timeout') })

it('workerpool: a timed-out task rejects while its worker still runs (hang-timeout fails)', async () => {
  // The task's promise rejects when its timer fires; the worker is asked to clean up, and killed
  // only workerTerminateTimeout (10 s here) later.
  // The JSDoc example of checkPoolClause, as written; the correct fork pool keeps the clause.
  const check = checkPoolClause(workerpoolProcesses, 'hang-timeout')
  await expect(check).rejects.toThrow('clause hang-timeout')
  await checkPoolClause(correct, 'hang-timeout')
  await expect(check).rejects.toThrow(
    /clause hang-timeout[\s\S]*Expected root\.\d+ to have ended at checkpoint "pool:hang-settled", but it was alive\./,
  )
}, 120_000)
