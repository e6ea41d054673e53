import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, max-workers, and only that one.
describePoolContract(wrong['max-workers']!)
