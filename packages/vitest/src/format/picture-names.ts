import { programOf, type ProcessRecord, type RunReport, type SvgOptions } from '@proclife/report'

/**
 * What pictures call the root of a report of code observed in place (`observe`, the callback
 * matchers, the leak guard): the test process, whose own program is the test runner's worker.
 */
export const TEST_PROCESS = 'the test process'

/** Whether a report is of code observed in place: its root is this very process. */
export function observedInPlace(report: Pick<RunReport, 'processes'> | undefined): boolean {
  return report?.processes.find((p) => p.id === 'root')?.pid === process.pid
}

/**
 * The label of a process in a text tree: its id and the user's program (`root.1 worker.js`, from
 * the report core's {@link programOf}), the root of an observation in place as the test process.
 */
export function labelOf(p: ProcessRecord, report: RunReport | undefined): string {
  return p.id === 'root' && observedInPlace(report) ? `root (${TEST_PROCESS})` : `${p.id} ${programOf(p)}`
}

/** The name of the test a picture is of, from vitest's task, if it has one. */
export function testNameOf(task: unknown): string | undefined {
  const name = typeof task === 'object' && task !== null ? (task as { name?: unknown }).name : undefined
  return typeof name === 'string' && name !== '' ? name : undefined
}

/**
 * How the SVG picture of a report names things in a test: its title is the test's name, and the
 * root of an observation in place is the test process.
 */
export function pictureOptions(report: RunReport, testName: string | undefined): SvgOptions {
  return {
    ...(testName === undefined ? {} : { title: `test "${testName}"` }),
    ...(observedInPlace(report) ? { rootName: TEST_PROCESS } : {}),
  }
}
