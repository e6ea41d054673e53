import type { LabProof, ProofCase } from '@proclife/grader'
import { visible } from '@proclife/report'
import type { Style } from './style.js'

/** A check's name within its exercise: `reap-one/reaped` → `reaped`. */
const short = (id: string): string => id.slice(id.indexOf('/') + 1)

/**
 * A list of checks with those not in `other` marked: red on a terminal, `[in brackets]` in a pipe
 * or a file, where there is no colour to show them.
 */
function marked(ids: readonly string[], other: readonly string[], style: Style): string {
  if (ids.length === 0) return 'nothing'
  return ids
    .map((id) => (other.includes(id) ? short(id) : style.enabled ? style.red(style.bold(short(id))) : `[${short(id)}]`))
    .join(', ')
}

/** What did not go as the solution's expect.yaml says, check by check. */
function differences(c: ProofCase): string[] {
  // A detail may quote the program's output: shown, never acted on by the terminal.
  if (c.error !== null) return [visible(c.error)]
  const checks = c.result?.exercises.flatMap((e) => e.checks) ?? []
  return checks.flatMap((check) => {
    const expected = c.expectedFails.includes(check.id)
    if (expected === !check.passed) return []
    return [
      check.passed
        ? `${check.id} passed, but should fail (${visible(check.detail)})`
        : `${check.id} failed: ${visible(check.detail)}`,
    ]
  })
}

/** The score, or the range of scores when the repetitions differ: `8/10`, `6–8/10`. */
function scoreOf(c: ProofCase): string {
  if (c.score === null) return ''
  const low = Math.min(...c.scores)
  const high = Math.max(...c.scores)
  return low === high ? `${c.score}/${c.maxScore}` : `${low}–${high}/${c.maxScore}`
}

/**
 * One solution of a proof. As it should be: one line, what it fails. Not: what it should fail and
 * what it did, the checks that differ marked, then why each differs; unstable: which checks failed
 * in how many of the repetitions.
 */
export function renderCase(c: ProofCase, width: number, style: Style): string {
  const mark = c.ok ? style.green('✔') : style.red('✘')
  const score = scoreOf(c).padStart(5)
  const head = `${mark} ${c.name.padEnd(width)}  ${score}  `
  const should = c.name === 'reference' ? 'full marks' : `fails ${c.expectedFails.map(short).join(', ')}`
  if (c.ok) return `${head}${style.dim(should)}`
  const indent = ' '.repeat(2 + width + 2 + score.length + 2)
  const out: string[] = []
  if (c.error !== null) {
    out.push(`${head}${style.red('could not be checked:')}`)
  } else if (c.unstable.length > 0) {
    const counts = c.unstable.map((u) => `${short(u.id)} failed in ${u.failedIn} of ${c.runs}`)
    out.push(`${head}${style.red(`unstable: ${counts.join(', ')}`)}`)
    out.push(
      `${indent}${style.dim(`should fail: ${c.expectedFails.map(short).join(', ') || 'nothing'}; the grade depends on the run (timing, scheduling)`)}`,
    )
  } else {
    out.push(`${head}should fail: ${marked(c.expectedFails, c.actualFails, style)}`)
    out.push(`${indent}did fail:    ${marked(c.actualFails, c.expectedFails, style)}`)
  }
  for (const d of differences(c)) out.push(`    ${style.red('·')} ${d}`)
  return out.join('\n')
}

/** Every solution of a proof, a line or a few each, then whether the lab is proven. */
export function renderProof(proof: LabProof, style: Style): string {
  const width = Math.max(...proof.cases.map((c) => c.name.length))
  const lines = proof.cases.map((c) => renderCase(c, width, style))
  const held = proof.cases.filter((c) => c.ok).length
  const unstable = proof.cases.filter((c) => c.unstable.length > 0).length
  const runs = proof.cases[0]?.runs ?? 1
  const verdict = proof.ok ? style.green(`${proof.lab}: proven`) : style.red(`${proof.lab}: not proven`)
  const tail = [
    `${held} of ${proof.cases.length} solutions score as they should`,
    ...(runs > 1 ? [`each graded ${runs} times`] : []),
    ...(unstable > 0 ? [`${unstable} unstable`] : []),
  ]
  lines.push(`${verdict} — ${tail.join('; ')}`)
  if (!style.enabled && proof.cases.some((c) => !c.ok && c.error === null && c.unstable.length === 0)) {
    lines.push('[check]: not as its expect.yaml says')
  }
  return lines.join('\n')
}
