// The guard killing even what the test process listens to: how it behaved before it left a
// pool's workers to their pool (the run that shows why).
import { installLeakGuard } from '../../../src/matchers.js'

installLeakGuard({ kill: 'all' })
