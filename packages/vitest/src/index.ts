// Setup entry (list it in `setupFiles`, or import it once): registers the matchers and the
// process-tree snapshot serializer on vitest's `expect`. The leak guard is a separate entry,
// `@proclife/vitest/guard`.
import { expect } from 'vitest'
import { proclifeMatchers, processTreeSerializer } from './matchers.js'

expect.extend(proclifeMatchers)
expect.addSnapshotSerializer(processTreeSerializer)

export * from './matchers.js'
