import { escapeXml } from '@proclife/report'
import type { GradeResult } from './grade.js'

// The picture of a failed check's run in the places that can show one: an HTML test output
// (Gradescope), an image of a test (PrairieLearn), and SVG files beside the result (`grade --out`).
// The text of the feedback is always there too: the picture adds to it, never replaces it.

/**
 * A failed check's feedback as HTML: the text every format shows (in a `<pre>`, so its tree and
 * timeline keep their columns), then the SVG picture of the run inline. Inline, not an `<img>`
 * with a data URL, so that the page needs no decoding and a reader can select its words.
 */
export function failureHtml(text: string, svg: string): string {
  return `<pre>${escapeXml(text)}</pre>\n<div style="overflow-x:auto">\n${svg}\n</div>`
}

/** An SVG as a `data:` URL, for formats that take images by URL (PrairieLearn's `images`). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

/** One picture file of a grade: the failed check it shows and its SVG. */
export interface PictureFile {
  /**
   * The file's name: the check's id with `/` as `.` (`reap-one.reaped.svg`). Unique in a lab, as
   * exercise ids have no `.` and ids no other character a file name could not hold.
   */
  readonly name: string
  /** The check's id (`<exercise>/<check>`). */
  readonly checkId: string
  readonly svg: string
}

/**
 * The pictures of a grade, one per failed check (in the lab's order), named after the check.
 * Passed checks, and checks of an exercise that could not run, have none.
 */
export function pictureFiles(result: GradeResult): PictureFile[] {
  return result.exercises.flatMap((exercise) =>
    exercise.checks.flatMap((check) =>
      check.svg === null ? [] : [{ name: `${check.id.replace('/', '.')}.svg`, checkId: check.id, svg: check.svg }],
    ),
  )
}
