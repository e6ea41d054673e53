import { describeRootExit, type RunReport, type RunReportWithLookup } from '@proclife/report'
import type { ProclifeError } from '../errors.js'
import type { ResolvedInterpreter } from '../target/interpreters.js'
import { compareVersions } from './versions.js'

/** The columns of a matrix: the verdict's lists and how the root ended. */
export const MATRIX_COLUMNS = ['zombies', 'orphans', 'strays', 'undetermined', 'exit'] as const

/** One column of a matrix. */
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number]

/** One interpreter's row of a matrix. */
export interface MatrixCell {
  /** What was asked for: a version (`3.8`), a command or a path. */
  readonly asked: string
  /** The interpreter it ran on; `null` when none could be used (see `error`). */
  readonly interpreter: ResolvedInterpreter | null
  /** The run's report; `null` when it could not run. */
  readonly report: RunReportWithLookup | null
  /**
   * Bad input for this row alone: a version the machine lacks, a path that is not an interpreter,
   * one that crashes at start. The other rows still run.
   */
  readonly error: ProclifeError | null
  /**
   * The fixture ran but its root failed with an exception (a `SyntaxError` on an old Python, a
   * missing module, an `AttributeError`, a Node `TypeError`): the exception's line, else `null`.
   */
  readonly exception: string | null
  /** The columns whose value differs from the newest interpreter's row (none for that row). */
  readonly differs: readonly MatrixColumn[]
}

/** A fixture run on several interpreters. */
export interface Matrix {
  /** The rows, in the order asked (for `all`: oldest interpreter first). */
  readonly cells: readonly MatrixCell[]
  /** The row the others are compared with: the newest interpreter that ran, if any. */
  readonly newest: MatrixCell | null
  /** Wall-clock milliseconds for the whole matrix. */
  readonly durationMs: number
}

/**
 * The last line of a Python traceback in `stderr` (`AttributeError: module 'multiprocessing' has
 * no attribute 'parent_process'`), or the first line of an uncaught Node error
 * (`TypeError: process.getBuiltinModule is not a function`; Node prints its stack and version
 * after it, which do not match), when the root failed; `null` otherwise. The fixture's own
 * output is read here, not another package's words.
 */
export function exceptionOf(report: RunReport): string | null {
  if (report.exit.code === 0 || report.timedOut) return null
  const lines = report.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const last = lines.findLast((line) => /^[A-Za-z_][\w.]*(Error|Exception|Exit)\b(:|$)/.test(line))
  return last ?? null
}

/** The value of one column of a row, as text: `root.1, root.2`, `none`, `exit code 1, ImportError`, `—` for a row that did not run. */
export function cellValue(cell: Pick<MatrixCell, 'report' | 'exception'>, column: MatrixColumn): string {
  const report = cell.report
  if (report === null) return '—'
  if (column === 'exit') {
    if (report.timedOut) return `timed out after ${report.options.timeout} ms`
    // The exception's name is part of how it ended: an ImportError and an AttributeError differ.
    const name = cell.exception?.split(':')[0]
    return `${describeRootExit(report.exit)}${name ? `, ${name}` : ''}`
  }
  const ids = report.verdict[column]
  return ids.length === 0 ? 'none' : ids.join(', ')
}

/** Which row is newest (the highest version that ran) and, for every row, where it differs from it. */
export function compareCells(cells: readonly Omit<MatrixCell, 'differs'>[]): {
  cells: MatrixCell[]
  newest: MatrixCell | null
} {
  const ran = cells.filter((c) => c.report !== null && c.interpreter !== null)
  const newestRow = ran.reduce<(typeof ran)[number] | null>(
    (best, c) => (best === null || compareVersions(c.interpreter!.version, best.interpreter!.version) > 0 ? c : best),
    null,
  )
  let newest: MatrixCell | null = null
  const compared = cells.map((cell): MatrixCell => {
    const differs =
      newestRow === null || cell.report === null || cell === newestRow
        ? []
        : MATRIX_COLUMNS.filter((column) => cellValue(cell, column) !== cellValue(newestRow, column))
    const row = { ...cell, differs }
    if (cell === newestRow) newest = row
    return row
  })
  return { cells: compared, newest }
}
