// BENCH_GUARD=eager: the matchers registered as the setup entry did before it loaded them lazily —
// the whole side-effect-free entry, imported up front. The baseline the lazy entry is compared with.
// (Named through a variable: the package is installed here by the bench, not in the workspace.)
import { expect } from 'vitest'

const entry = '@proclife/vitest/matchers'
const { proclifeMatchers, processTreeSerializer } = await import(entry) as { proclifeMatchers: Parameters<typeof expect.extend>[0]; processTreeSerializer: Parameters<typeof expect.addSnapshotSerializer>[0] }
expect.extend(proclifeMatchers)
expect.addSnapshotSerializer(processTreeSerializer)
