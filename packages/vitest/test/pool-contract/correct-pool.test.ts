// The pool contract on the correct pool of our own (fixtures/pool-contract/fork-pool.mjs), in the
// fast suite: the clauses judged by a checkpoint, by the zombie rule, by concurrency and after the
// pool's process is killed. Every clause: correct-pool.long.test.ts; the wrong pools, each failing
// exactly its clause: wrong-pools.long.test.ts.
import { describePoolContract } from '../../src/pool-contract.js'
import { correct } from '../fixtures/pool-contract/adapters.mjs'

describePoolContract(correct, { clauses: ['terminate-waits', 'reaps-workers', 'max-workers', 'sigkill-parent'] })
