import { existsSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { renderHtmlPage, renderSvg, type RunReport } from '@proclife/report'
import { UsageError } from '../usage-error.js'

/** Where `--svg` and `--html` asked for the picture of a run. */
export interface PictureFiles {
  readonly svg?: string
  readonly html?: string
}

/**
 * Checks, before anything runs, that each picture file can be written where it was asked: its
 * folder exists and it is not itself a folder. A bad path is bad input (exit 2), found before a
 * run that would otherwise be thrown away.
 */
export function checkPictureFiles(files: PictureFiles): void {
  for (const [flag, file] of Object.entries(files) as [string, string | undefined][]) {
    if (file === undefined) continue
    if (file.trim() === '') throw new UsageError(`--${flag} needs a file name`)
    const folder = dirname(resolve(file))
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw new UsageError(`--${flag}: no folder ${folder} to write ${file} in`)
    if (existsSync(file) && statSync(file).isDirectory())
      throw new UsageError(`--${flag}: ${file} is a folder; give a file name`)
  }
}

/** Writes the SVG timeline and the HTML page of a run, where asked. */
export function writePictures(report: RunReport, files: PictureFiles): void {
  if (files.svg !== undefined) writeFileSync(files.svg, renderSvg(report))
  if (files.html !== undefined) writeFileSync(files.html, renderHtmlPage(report))
}
