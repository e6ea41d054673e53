import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { pictureFiles, type GradeResult } from '@proclife/grader'
import { InputError } from '../usage-error.js'

/**
 * The folder that holds the pictures of a result file, beside it: `results.json` →
 * `results.pictures/`.
 */
export function picturesFolderOf(resultFile: string): string {
  return join(dirname(resultFile), `${basename(resultFile, extname(resultFile))}.pictures`)
}

/**
 * Refuses, before anything runs, a result file whose pictures' folder could not be made: a file
 * is where the folder would be. Bad input (exit 2), found before a grade that would be lost.
 */
export function checkPicturesFolder(resultFile: string): void {
  const folder = picturesFolderOf(resultFile)
  if (existsSync(folder) && !statSync(folder).isDirectory())
    throw new InputError(
      `${folder} is in the way of the pictures of the failed checks: it is not a folder. Move it, or give --out another name.`,
    )
}

/**
 * Writes the SVG picture of every failed check of a grade into the folder beside its result file
 * (`<exercise>.<check>.svg`), and returns that folder and how many were written. Pictures left by
 * an earlier grade of the same result are removed first, so that the folder never shows a failure
 * this grade did not have; a grade without failed checks leaves no folder.
 */
export function writeGradePictures(result: GradeResult, resultFile: string): { folder: string; count: number } {
  const folder = picturesFolderOf(resultFile)
  const pictures = pictureFiles(result)
  if (existsSync(folder)) {
    checkPicturesFolder(resultFile)
    for (const name of readdirSync(folder)) if (name.endsWith('.svg')) rmSync(join(folder, name), { force: true })
    if (pictures.length === 0 && readdirSync(folder).length === 0) rmdirSync(folder)
  }
  if (pictures.length === 0) return { folder, count: 0 }
  mkdirSync(folder, { recursive: true })
  for (const picture of pictures) writeFileSync(join(folder, picture.name), picture.svg)
  return { folder, count: pictures.length }
}
