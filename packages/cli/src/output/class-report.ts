import { writeFileSync } from 'node:fs'
import { renderClassReport, summarizeClass, type LoadedLab, type SubmissionOutcome } from '@proclife/grader'
import { styleFor } from './style.js'

/** Writes the class report of a graded batch to each of `files`, and says where on `note`. */
export function writeClassReport(
  lab: LoadedLab,
  outcomes: readonly SubmissionOutcome[],
  names: readonly string[],
  files: readonly string[],
  note: NodeJS.WriteStream,
): void {
  const page = renderClassReport(summarizeClass(lab, outcomes, names))
  for (const file of files) writeFileSync(file, page)
  note.write(`${styleFor(note).dim(`the class report: ${files.join(' and ')}`)}\n`)
}
