/**
 * The part of vitest's matcher `this` (`MatcherState`) that these matchers use. Declared here
 * rather than imported because `MatcherState` is only exported from 'vitest' since 4.1, and the
 * peer range starts at 3.2; vitest's own state is assignable to it in every supported version.
 */
export interface MatcherContext {
  readonly isNot: boolean
  /** The running test (vitest sets it on the matcher state; not in its types): for annotations. */
  readonly task?: unknown
  readonly promise: string
  readonly utils: {
    matcherHint(
      matcherName: string,
      received?: string,
      expected?: string,
      options?: { isNot?: boolean; promise?: string },
    ): string
    printReceived(value: unknown): string
    printExpected(value: unknown): string
    EXPECTED_COLOR: (text: string) => string
    RECEIVED_COLOR: (text: string) => string
    DIM_COLOR: (text: string) => string
    BOLD_WEIGHT: (text: string) => string
  }
}

/** What a matcher returns to vitest. `message` is only called when the assertion fails. */
export interface MatcherResult {
  readonly pass: boolean
  readonly message: () => string
}
