import { proveLabOn, type InterpreterProof, type ProveOptions } from '@proclife/grader'
import type { MatrixKind } from '@proclife/runner'
import type { Style } from '../output/style.js'

const label = (row: InterpreterProof): string => row.interpreter?.version ?? row.asked

/** One line per interpreter: proven or not, how many solutions score as they should, and which do not. */
export function renderProofMatrix(lab: string, rows: readonly InterpreterProof[], style: Style): string {
  const width = Math.max('interpreter'.length, ...rows.map((r) => label(r).length))
  const lines = [
    `${style.bold('proclife prove')}  ${lab}  on ${rows.length} interpreter${rows.length === 1 ? '' : 's'}`,
    '',
  ]
  for (const row of rows) {
    const name = label(row).padEnd(width)
    if (row.proof === null) {
      lines.push(
        `${style.yellow('–')} ${name}  ${row.badInput ? style.red(row.error ?? '') : style.dim(`not proved: ${row.error ?? ''}`)}`,
      )
      continue
    }
    const held = row.proof.cases.filter((c) => c.ok)
    const failed = row.proof.cases.filter((c) => !c.ok).map((c) => c.name)
    const mark = row.proof.ok ? style.green('✔') : style.red('✘')
    const summary = `${held.length} of ${row.proof.cases.length} solutions score as they should`
    lines.push(
      `${mark} ${name}  ${summary}${failed.length > 0 ? style.red(`; not: ${failed.join(', ')}`) : ''}  ${style.dim(row.interpreter?.path ?? '')}`.trimEnd(),
    )
  }
  return lines.join('\n')
}

/**
 * `proclife prove --python all|3.8,3.12|<path>,… <lab>` (or `--node all|20,22|…`): the lab proved
 * on each interpreter of `options.kind` (Python unless it says `node`), one line each. Status 2 when an entry names no interpreter the machine has, else 1 when a proof
 * that ran does not hold, else 0 (an interpreter the lab's `python` or `node` rules out is shown, not failed).
 */
export async function proveMatrix(
  lab: string,
  selection: string,
  options: ProveOptions & { readonly kind?: MatrixKind },
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
  style: Style,
  errorStyle: Style,
): Promise<number> {
  const rows = await proveLabOn(lab, selection, options)
  const bad = rows.filter((r) => r.badInput)
  // Nothing was proved (`--python 9.9` on a machine without it): the error lines below say it all.
  if (bad.length < rows.length)
    io.stdout.write(`${renderProofMatrix(rows.find((r) => r.proof)?.proof?.lab ?? lab, rows, style)}\n`)
  for (const row of bad)
    io.stderr.write(`${errorStyle.red('proclife:')} --${options.kind ?? 'python'} ${row.asked}: ${row.error}\n`)
  if (bad.length > 0) return 2
  return rows.some((r) => r.proof !== null && !r.proof.ok) ? 1 : 0
}
