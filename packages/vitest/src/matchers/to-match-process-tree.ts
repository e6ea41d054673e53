import type { MatcherContext, MatcherResult } from '../format/context.js'
import { expectedTypeError } from '../format/expected.js'
import { failureMessage } from '../format/message.js'
import { assertReport } from '../format/received.js'
import { rememberReport } from '../format/report-of.js'
import { drawTree } from '../format/tree.js'

/** Removes the common indentation and the blank first and last lines of a template literal. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift()
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop()
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length))
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0).trimEnd()).join('\n')
}

/**
 * Passes when the run's normalised process tree — labels, command names, states, adoption, exit
 * statuses, with no pids or times — is `expected` (indentation and surrounding blank lines aside).
 * The snapshot serializer prints a report as the same tree, for `toMatchSnapshot`.
 */
export function toMatchProcessTree(
  this: MatcherContext,
  received: unknown,
  expected: unknown,
): MatcherResult & { actual: string; expected: string } {
  if (typeof expected !== 'string')
    throw expectedTypeError(this, 'toMatchProcessTree', expected, 'the expected tree as a string')
  assertReport(this, 'toMatchProcessTree', 'expected', received)
  rememberReport(received)
  const actual = drawTree(received)
  const wanted = dedent(expected)
  const pass = actual === wanted
  const report = received
  return {
    pass,
    actual,
    expected: wanted,
    message: failureMessage(
      this,
      'toMatchProcessTree',
      this.isNot
        ? {
            expectedArg: 'expected',
            sentence: "Expected the run's process tree to differ from the one given, but it is the same.",
            expected: 'a different tree',
            received: 'the same tree',
            report,
            ids: [],
          }
        : {
            expectedArg: 'expected',
            sentence: "Expected the run's process tree to match the one given (diff below).",
            expected: 'the tree given',
            received: 'the tree drawn under Processes',
            report,
            ids: [],
          },
    ),
  }
}
