import { describePoolContract } from '../../../src/pool-contract.js'
import { wrong } from '../../fixtures/pool-contract/adapters.mjs'

// Fails its clause, signals, and only that one.
describePoolContract(wrong['signals']!, { timeout: 10_000 })
