import { describeRootExit, describeVerdict, type RunReport } from '@proclife/report'
import { isRunReport } from './format/received.js'
import { drawTree } from './format/tree.js'

/** The one-line summary the serializer puts above the tree: the root's end and the verdict. */
export function summaryOf(report: RunReport): string {
  const exit = describeRootExit(report.exit)
  return `RunReport (${report.timedOut ? 'timed out, ' : ''}${exit}; ${describeVerdict(report.verdict)})`
}

/**
 * A snapshot serializer that prints a {@link RunReport} as its normalised process tree (the text
 * `toMatchProcessTree` compares), under a one-line summary — byte-identical across runs of the
 * same fixture, so `expect(report).toMatchSnapshot()` works. Structurally a vitest
 * `SnapshotSerializer`; registered by `@proclife/vitest`, or pass it to
 * `expect.addSnapshotSerializer` yourself.
 *
 * @example
 * ```text
 * RunReport (exit code 0; no zombies, 1 orphan (root.1.1), no strays)
 * root double-fork.py  ← exit code 0
 * └─ root.1 double-fork.py  ← exit code 0
 *    └─ root.1.1 double-fork.py  ← adopted by the sentinel, exit code 7, reaped by the sentinel
 * ```
 */
export const processTreeSerializer = {
  test(value: unknown): boolean {
    return isRunReport(value)
  },
  serialize(value: RunReport, _config: unknown, indentation: string): string {
    return [summaryOf(value), ...drawTree(value).split('\n')].join(`\n${indentation}`)
  },
}
