// The pool contract (`@proclife/vitest/pool-contract`): every lifecycle test a worker pool needs,
// in one call. A separate entry: it registers tests, and runs pools as fixtures under the sentinel.
// The adapter is defined with `@proclife/vitest/pool-adapter`, in a JavaScript module of its own.
export {
  describePoolContract,
  checkPoolClause,
  POOL_CLAUSES,
  type PoolContractOptions,
} from './pool-contract/describe.js'
export {
  definePoolAdapter,
  definePythonPoolAdapter,
  hang,
  type PoolAdapter,
  type PoolCapabilities,
  type PythonPoolAdapterOptions,
} from '@proclife/vitest/pool-adapter'
