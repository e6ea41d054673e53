import { cellValue, MATRIX_COLUMNS, type Matrix, type MatrixCell } from '@proclife/runner'
import type { Style } from './style.js'

/** The marker after a value that differs from the newest interpreter's, where there is no colour. */
export const DIFFERS_MARK = '*'

const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)
const label = (cell: MatrixCell): string => cell.interpreter?.version ?? cell.asked

/**
 * The matrix as a table, interpreter × verdict: one row per interpreter, the values that differ
 * from the newest interpreter's row in yellow on a terminal, marked with `*` elsewhere (a pipe, a
 * file, a log), so that the difference survives without colour.
 */
export function renderMatrix(matrix: Matrix, target: string, style: Style): string {
  const header = ['interpreter', ...MATRIX_COLUMNS]
  const rows = matrix.cells.map((cell) => {
    const newest = cell === matrix.newest ? ' (newest)' : ''
    if (cell.report === null) return { cell, values: [`${label(cell)}${newest}`], flags: [false] }
    const values = [`${label(cell)}${newest}`, ...MATRIX_COLUMNS.map((column) => cellValue(cell, column))]
    const flags = [false, ...MATRIX_COLUMNS.map((column) => cell.differs.includes(column))]
    return { cell, values: values.map((v, i) => (flags[i] && !style.enabled ? `${v}${DIFFERS_MARK}` : v)), flags }
  })
  // The exit column is last and unpadded: an exception's line can be long.
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.filter((r) => r.values.length > 1).map((r) => (r.values[i] ?? '').length)),
  )
  const pad = (text: string, i: number): string => (i === header.length - 1 ? text : text.padEnd(widths[i]!))
  const lines = [
    `${style.bold('proclife run')}  ${target}  on ${matrix.cells.length} interpreter${matrix.cells.length === 1 ? '' : 's'}, ${(matrix.durationMs / 1000).toFixed(1)} s`,
    '',
    style.bold(header.map(pad).join('  ')),
  ]
  for (const { cell, values, flags } of rows) {
    if (cell.report === null) {
      lines.push(`${pad(values[0]!, 0)}  ${style.red(cell.error ? cell.error.summary : 'did not run')}`)
      continue
    }
    const shown = values.map((v, i) => (flags[i] ? style.yellow(pad(v, i)) : pad(v, i)))
    const exception = cell.exception ? `  ${style.dim(shorten(cell.exception, 100))}` : ''
    lines.push(`${shown.join('  ')}${exception}  ${style.dim(cell.interpreter?.path ?? '')}`.trimEnd())
  }
  if (matrix.newest && matrix.cells.some((c) => c.differs.length > 0)) {
    const how = style.enabled ? `in ${style.yellow('yellow')}` : `marked ${DIFFERS_MARK}`
    lines.push('', style.dim(`Values ${how} differ from the newest interpreter's (${label(matrix.newest)}).`))
  }
  return lines.join('\n')
}

/** `--json` for a matrix: one entry per interpreter, with its whole report (or why it has none). */
export function matrixJson(matrix: Matrix): unknown {
  return matrix.cells.map((cell) => ({
    asked: cell.asked,
    interpreter: cell.interpreter,
    differs: cell.differs,
    exception: cell.exception,
    error: cell.error ? { code: cell.error.code, message: cell.error.message } : null,
    report: cell.report,
  }))
}
