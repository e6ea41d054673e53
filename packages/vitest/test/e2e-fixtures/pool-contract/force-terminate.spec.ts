import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, force-terminate, and only that one.
describePoolContract(wrong['force-terminate']!)
