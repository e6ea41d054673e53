import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, isAbsolute, join, relative } from 'node:path'
import { renderSvg, type RunReport } from '@proclife/report'
import { pictureOptions, testNameOf } from '../format/picture-names.js'
import { pictureFolder } from './picture-folder.js'

// One file per report per test: a message built twice (soft assertions, some reporters) writes once.
const written = new WeakMap<RunReport, Map<unknown, string>>()
// How many pictures each test has: its second is `-2` (a test run again, in watch mode, is a new task and overwrites).
const counts = new WeakMap<object, number>()

/** A test's name as a file name: letters, digits and `-`, at most 80 characters. */
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'test'

/** The test file's path relative to the root, for the folder of its tests' pictures. */
function fileOf(task: unknown): string {
  const file =
    typeof task === 'object' && task !== null ? (task as { file?: { name?: unknown } }).file?.name : undefined
  return typeof file === 'string' && file !== '' ? file.replace(/[\\/]/g, '__') : 'outside-a-test'
}

/**
 * Writes the SVG picture of a report for a failing test (or a leak the guard found) to
 * `<folder>/<test file>/<test name>.svg` (`-2`, `-3` … for a second picture in one test), with the
 * test's name as its title, and returns its path. `null` when pictures are off or the file could
 * not be written: a picture is never worth failing a test over.
 */
export function writePicture(task: unknown, report: RunReport): string | null {
  const folder = pictureFolder()
  if (folder === null) return null
  const mine = written.get(report) ?? new Map<unknown, string>()
  const known = mine.get(task)
  if (known !== undefined) return known
  try {
    const dir = join(folder, fileOf(task))
    mkdirSync(dir, { recursive: true })
    const name = slug(testNameOf(task) ?? basename(report.command.at(-1) ?? 'run'))
    const n = typeof task === 'object' && task !== null ? (counts.get(task) ?? 0) + 1 : 1
    if (typeof task === 'object' && task !== null) counts.set(task, n)
    const path = join(dir, n === 1 ? `${name}.svg` : `${name}-${n}.svg`)
    writeFileSync(path, renderSvg(report, pictureOptions(report, testNameOf(task))))
    mine.set(task, path)
    written.set(report, mine)
    return path
  } catch {
    return null
  }
}

/** A picture's path as a message shows it: relative to the current directory when under it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel
}
