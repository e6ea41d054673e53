import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, terminate-waits, and only that one.
describePoolContract(wrong['terminate-waits']!)
