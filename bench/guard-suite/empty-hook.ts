// The third variant's setup file (BENCH_GUARD=hook): a hook that does nothing, with a clean-up that
// does nothing — what vitest itself charges for one hook per test, apart from what the guard does in it.
import { beforeEach } from 'vitest'

beforeEach(() => () => {})
