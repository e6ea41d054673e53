import { renderSvg, type RunReport } from '@proclife/report'
import { writePicture } from '../picture/picture-file.js'
import { pictureOptions, testNameOf } from './picture-names.js'

/** The part of vitest's running test that annotations need (vitest 3.2+); absent before. */
interface AnnotatableTest {
  readonly context?: {
    readonly annotate?: (message: string, type: string, attachment: PictureAttachment) => Promise<unknown>
  }
}

/** A picture as a vitest attachment: its file, or (when none could be written) its bytes in base64. */
export type PictureAttachment =
  { readonly path: string; readonly contentType: string } | { readonly body: string; readonly contentType: string }

/**
 * The picture of a run as a vitest attachment, the one encoding the matchers and the leak guard
 * share: the file {@link writePicture} wrote (vitest copies it to its `attachmentsDir`, where the
 * UI and the HTML reporter show it), or, when pictures are off or could not be written, the SVG
 * itself, base64-encoded (the default `bodyEncoding` of every vitest with attachments).
 */
export function pictureAttachment(
  task: unknown,
  report: RunReport,
  path = writePicture(task, report),
): PictureAttachment {
  if (path !== null) return { path, contentType: 'image/svg+xml' }
  const svg = renderSvg(report, pictureOptions(report, testNameOf(task)))
  return { body: Buffer.from(svg, 'utf8').toString('base64'), contentType: 'image/svg+xml' }
}

// A failure message can be built more than once for one assertion (vitest formats it again for
// soft assertions and some reporters): one picture per report per test is enough.
const attached = new WeakMap<object, WeakSet<RunReport>>()

/**
 * Writes the picture of a run for the running test ({@link writePicture}) and attaches it as a
 * vitest annotation, so the UI and the HTML reporter show it beside the failure. Called only while
 * a failure message is built, so passing tests write and attach nothing. Returns the picture's
 * path for the message to print (`null`: pictures are off). Where the test has no `annotate`
 * (vitest before 3.2, a matcher called outside a test) or the test is already over, it only writes.
 */
export function attachPicture(task: unknown, report: RunReport): string | null {
  if (typeof task !== 'object' || task === null) return null
  const path = writePicture(task, report)
  const context = (task as AnnotatableTest).context
  if (typeof context?.annotate !== 'function') return path
  const seen = attached.get(task) ?? new WeakSet<RunReport>()
  if (seen.has(report)) return path
  seen.add(report)
  attached.set(task, seen)
  try {
    // Not awaited: a matcher is synchronous. vitest records the promise with the test and waits
    // for it before the test ends; a rejection (a runner without annotation support) is no failure of ours.
    context
      .annotate('proclife: the picture of the run', 'proclife', pictureAttachment(task, report, path))
      .catch(() => {})
  } catch {
    // The test already finished: nothing to attach to.
  }
  return path
}
