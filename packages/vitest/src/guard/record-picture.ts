import type { RunReport } from '@proclife/report'
import * as vitest from 'vitest'
import { pictureAttachment, type PictureAttachment } from '../format/attach-picture.js'
import { writePicture } from '../picture/picture-file.js'

/** The type of the artifact the guard records on a test that leaked. */
export const LEAK_PICTURE = 'proclife:leak-picture'

type RecordArtifact = (
  task: unknown,
  artifact: { type: string; message: string; attachments: PictureAttachment[] },
) => Promise<unknown>

/**
 * Writes the picture of what a test leaked (`writePicture`: the file the failure message names)
 * and records it on the test as a vitest test artifact of type {@link LEAK_PICTURE}, for reporters
 * to show (`testCase.artifacts()`), in the attachment the matchers use too (`pictureAttachment`).
 * Not an annotation, as a failing matcher attaches: the guard finds a leak after the test has
 * ended, and vitest refuses annotations then, but still takes artifacts. Records nothing before
 * vitest 4.0.11 (no `recordArtifact`), or where the runner records no artifacts. Returns the
 * picture's path (`null`: pictures are off).
 */
export async function recordLeakPicture(task: unknown, report: RunReport): Promise<string | null> {
  if (typeof task !== 'object' || task === null) return null
  const path = writePicture(task, report)
  // Looked up, not imported by name: vitest 3 has no such export.
  const record = (vitest as unknown as { recordArtifact?: RecordArtifact }).recordArtifact
  if (typeof record !== 'function') return path
  try {
    await record(task, {
      type: LEAK_PICTURE,
      message: 'proclife: the picture of what the test leaked',
      attachments: [pictureAttachment(task, report, path)],
    })
  } catch {
    // A runner without artifacts: the failure message draws the leak anyway.
  }
  return path
}
