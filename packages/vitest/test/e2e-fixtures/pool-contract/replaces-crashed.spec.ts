import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, replaces-crashed, and only that one.
describePoolContract(wrong['replaces-crashed']!)
