// The pool contract on the correct pool of our own (fixtures/pool-contract/fork-pool.mjs): every
// clause passes. Its wrong pools, each failing exactly its clause: wrong-pools.long.test.ts.
import { describePoolContract } from '../../src/pool-contract.js'
import { correct } from '../fixtures/pool-contract/adapters.mjs'

describePoolContract(correct)
