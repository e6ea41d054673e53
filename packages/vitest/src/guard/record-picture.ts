import { renderSvg, type RunReport } from '@proclife/report'
import * as vitest from 'vitest'

/** The type of the artifact the guard records on a test that leaked. */
export const LEAK_PICTURE = 'proclife:leak-picture'

type RecordArtifact = (task: unknown, artifact: { type: string; message: string; attachments: { body: string; contentType: string }[] }) => Promise<unknown>

/**
 * Records the picture of what a test leaked (the SVG of `renderSvg`) on the test, as a vitest
 * test artifact of type {@link LEAK_PICTURE}, for reporters to show (`testCase.artifacts()`).
 * Not an annotation, as a failing matcher attaches: the guard finds a leak after the test has
 * ended, and vitest refuses annotations then, but still takes artifacts. Does nothing before
 * vitest 4.0.11 (no `recordArtifact`), or where the runner records no artifacts.
 */
export async function recordLeakPicture(task: unknown, report: RunReport): Promise<void> {
  // Looked up, not imported by name: vitest 3 has no such export.
  const record = (vitest as unknown as { recordArtifact?: RecordArtifact }).recordArtifact
  if (typeof record !== 'function' || typeof task !== 'object' || task === null) return
  try {
    // base64, the encoding every vitest with artifacts reads (`bodyEncoding` came later).
    const body = Buffer.from(renderSvg(report), 'utf8').toString('base64')
    await record(task, { type: LEAK_PICTURE, message: 'proclife: the picture of what the test leaked', attachments: [{ body, contentType: 'image/svg+xml' }] })
  } catch {
    // A runner without artifacts: the failure message draws the leak anyway.
  }
}
