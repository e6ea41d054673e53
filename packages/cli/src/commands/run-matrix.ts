import { runMatrix, type Matrix, type Target } from '@proclife/runner'
import { matrixJson, renderMatrix } from '../output/render-matrix.js'
import { styleFor } from '../output/style.js'
import { evaluate } from './assertions.js'
import type { RunCommand } from './run.js'

/**
 * `--python` names a matrix (`all`, a version, or a comma-separated list) rather than one
 * command: a single command or path keeps the plain run.
 */
export function isMatrixSelection(value: string): boolean {
  return value === 'all' || value.includes(',') || /^\d+(\.\d+){0,2}$/.test(value.trim())
}

const targetText = (target: Target): string => (typeof target === 'string' ? target : target.join(' '))

/**
 * `proclife run --python all|3.8,3.12|<path>,…`: the fixture on each interpreter, one table (or
 * one report per interpreter with `--json`). Rows that could not be used are one line each on
 * stderr and make the status 2; the other rows still run and are shown.
 */
export async function runMatrixCommand(command: RunCommand & { readonly matrix: string }, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  const style = styleFor(io.stderr)
  let done = 0
  const progress = io.stderr.isTTY && !command.json
    ? () => io.stderr.write(`\r\u001B[2K${++done} interpreter${done === 1 ? '' : 's'} done…`)
    : () => {}
  let matrix: Matrix
  try {
    matrix = await runMatrix(command.target, { python: command.matrix, onCell: progress }, command.options)
  } finally {
    if (io.stderr.isTTY && !command.json) io.stderr.write('\r\u001B[2K')
  }
  if (command.json) io.stdout.write(`${JSON.stringify(matrixJson(matrix), null, 2)}\n`)
  else io.stdout.write(`${renderMatrix(matrix, targetText(command.target), styleFor(io.stdout))}\n`)
  const errors = matrix.cells.filter((c) => c.error !== null)
  for (const cell of errors) io.stderr.write(`${style.red('proclife:')} --python ${cell.asked}: ${cell.error!.summary}\n`)
  let failed = false
  for (const cell of matrix.cells) {
    if (cell.report === null) continue
    for (const f of evaluate(cell.report, command.assertions)) {
      failed = true
      io.stderr.write(`${style.red('✘')} ${cell.interpreter?.version ?? cell.asked}: --assert ${f.name}: expected ${f.describe}; ${f.failures.join('; ')}\n`)
    }
  }
  return errors.length > 0 ? 2 : failed ? 1 : 0
}
