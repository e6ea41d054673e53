import { isVersionEntry, runMatrix, type Matrix, type Target } from '@proclife/runner'
import { UsageError } from '../usage-error.js'
import { matrixJson, renderMatrix } from '../output/render-matrix.js'
import { styleFor } from '../output/style.js'
import { evaluate } from './assertions.js'
import type { RunCommand } from './run.js'

/**
 * `--python` or `--node` names a matrix (`all`, a version, or a comma-separated list) rather than
 * one command: a single command or path keeps the plain run.
 */
export function isMatrixSelection(value: string): boolean {
  return value === 'all' || value.includes(',') || isVersionEntry(value)
}

/**
 * What `--python` and `--node` ask for: a matrix on one kind (only one of them may be a
 * matrix), and the single interpreters of plain runs.
 */
export function interpreterFlags(
  python: string | undefined,
  node: string | undefined,
): {
  matrix: string | null
  matrixKind: 'python' | 'node'
  interpreters: { python?: string; node?: string } | undefined
} {
  const pythonMatrix = python !== undefined && isMatrixSelection(python)
  const nodeMatrix = node !== undefined && isMatrixSelection(node)
  if (pythonMatrix && nodeMatrix)
    throw new UsageError('a matrix runs on the Pythons or on the Nodes: give a list to --python or to --node, not both')
  const interpreters = {
    ...(python !== undefined && !pythonMatrix ? { python } : {}),
    ...(node !== undefined && !nodeMatrix ? { node } : {}),
  }
  return {
    matrix: pythonMatrix ? python : nodeMatrix ? node : null,
    matrixKind: nodeMatrix ? 'node' : 'python',
    interpreters: Object.keys(interpreters).length > 0 ? interpreters : undefined,
  }
}

const targetText = (target: Target): string => (typeof target === 'string' ? target : target.join(' '))

/**
 * `proclife run --python all|3.8,3.12|<path>,…` (or `--node all|20,22|<path>,…`): the fixture on
 * each interpreter, one table (or
 * one report per interpreter with `--json`). Rows that could not be used are one line each on
 * stderr and make the status 2; the other rows still run and are shown.
 */
export async function runMatrixCommand(
  command: RunCommand & { readonly matrix: string },
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  const style = styleFor(io.stderr)
  const kind = command.matrixKind ?? 'python'
  let done = 0
  const progress =
    io.stderr.isTTY && !command.json
      ? () => io.stderr.write(`\r\u001B[2K${++done} interpreter${done === 1 ? '' : 's'} done…`)
      : () => {}
  let matrix: Matrix
  try {
    matrix = await runMatrix(command.target, { [kind]: command.matrix, onCell: progress }, command.options)
  } finally {
    if (io.stderr.isTTY && !command.json) io.stderr.write('\r\u001B[2K')
  }
  const errors = matrix.cells.filter((c) => c.error !== null)
  if (command.json) io.stdout.write(`${JSON.stringify(matrixJson(matrix), null, 2)}\n`)
  // Nothing ran (`--python 9.9` on a machine without it): the error lines below say it all.
  else if (errors.length < matrix.cells.length)
    io.stdout.write(`${renderMatrix(matrix, targetText(command.target), styleFor(io.stdout))}\n`)
  for (const cell of errors)
    io.stderr.write(`${style.red('proclife:')} --${kind} ${cell.asked}: ${cell.error!.summary}\n`)
  let failed = false
  for (const cell of matrix.cells) {
    if (cell.report === null) continue
    for (const f of evaluate(cell.report, command.assertions)) {
      failed = true
      io.stderr.write(
        `${style.red('✘')} ${cell.interpreter?.version ?? cell.asked}: --assert ${f.name}: expected ${f.describe}; ${f.failures.join('; ')}\n`,
      )
    }
  }
  return errors.length > 0 ? 2 : failed ? 1 : 0
}
