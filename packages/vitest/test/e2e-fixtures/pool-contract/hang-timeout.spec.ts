import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, hang-timeout, and only that one.
describePoolContract(wrong['hang-timeout']!)
