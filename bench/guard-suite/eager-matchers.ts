// BENCH_GUARD=eager: the matchers registered as the setup entry did before it loaded them lazily —
// the whole side-effect-free entry, imported up front. The baseline the lazy entry is compared with.
import { expect } from 'vitest'
import { proclifeMatchers, processTreeSerializer } from '@proclife/vitest/matchers'

expect.extend(proclifeMatchers)
expect.addSnapshotSerializer(processTreeSerializer)
