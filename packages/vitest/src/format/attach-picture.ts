import { renderSvg, type RunReport } from '@proclife/report'

/** The part of vitest's running test that annotations need (vitest 3.2+); absent before. */
interface AnnotatableTest {
  readonly context?: {
    readonly annotate?: (message: string, type: string, attachment: { body: string; contentType: string }) => Promise<unknown>
  }
}

// A failure message can be built more than once for one assertion (vitest formats it again for
// soft assertions and some reporters): one picture per report per test is enough.
const attached = new WeakMap<object, WeakSet<RunReport>>()

/**
 * Attaches the picture of a run (the SVG of `renderSvg`) to the running test as a vitest
 * annotation, so the UI and the HTML reporter show it beside the failure. Called only while a
 * failure message is built, so passing tests attach nothing. Where the test has no `annotate`
 * (vitest before 3.2, a matcher called outside a test) or the test is already over, it does nothing.
 */
export function attachPicture(task: unknown, report: RunReport): void {
  if (typeof task !== 'object' || task === null) return
  const context = (task as AnnotatableTest).context
  if (typeof context?.annotate !== 'function') return
  const seen = attached.get(task) ?? new WeakSet<RunReport>()
  if (seen.has(report)) return
  seen.add(report)
  attached.set(task, seen)
  try {
    // Not awaited: a matcher is synchronous. vitest records the promise with the test and waits
    // for it before the test ends; a rejection (a runner without annotation support) is no failure of ours.
    context.annotate('proclife: the picture of the run', 'proclife', { body: renderSvg(report), contentType: 'image/svg+xml' }).catch(() => {})
  } catch {
    // The test already finished: nothing to attach to.
  }
}
