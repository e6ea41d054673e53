import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, terminate-twice, and only that one.
describePoolContract(wrong['terminate-twice']!)
