import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, reaps-workers, and only that one.
describePoolContract(wrong['reaps-workers']!)
