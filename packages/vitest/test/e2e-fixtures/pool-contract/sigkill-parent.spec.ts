import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, sigkill-parent, and only that one.
describePoolContract(wrong['sigkill-parent']!)
