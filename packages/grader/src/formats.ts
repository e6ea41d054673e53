import { visible } from '@proclife/report'
import { failureHtml, svgDataUrl } from './feedback-pictures.js'
import type { CheckResult, ExerciseResult, GradeResult } from './grade.js'

/** The result formats `proclife grade --format` writes. */
export const formatNames = ['text', 'gradescope', 'prairielearn', 'github', 'junit', 'json'] as const
export type FormatName = (typeof formatNames)[number]

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : `${by}${l}`))
    .join('\n')
const pts = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2))

/** What a failed check shows: what was seen, the lab's feedback, the tree and the timeline. */
export function explainFailure(check: CheckResult, shown?: Set<string>): string {
  const parts = [visible(check.detail, { keepLines: true })]
  if (check.feedback) parts.push(`hint: ${check.feedback}`)
  const key = `${check.picture}\n${check.timeline}`
  if (shown?.has(key)) parts.push('(processes and timeline as above)')
  else {
    if (check.picture) parts.push(`processes:\n${indent(check.picture, '  ')}`)
    if (check.timeline) parts.push(`timeline (~ = sampled):\n${indent(check.timeline, '  ')}`)
    shown?.add(key)
  }
  return parts.join('\n')
}

function exerciseNotes(exercise: ExerciseResult): string[] {
  return exercise.error ? [exercise.error, ...exercise.notes] : [...exercise.notes]
}

/**
 * A note as text lines: what a run wrote (its error output) shown through {@link visible}, and each
 * line after the first indented under the `·`, so that no line of a program's output starts where
 * the report's own lines (a check's mark) do.
 */
const noteLines = (note: string): string => `· ${visible(note, { keepLines: true }).split('\n').join('\n  ')}`

/** The human report: per exercise, each check with its points, and why a failed one failed. */
export function formatText(
  result: GradeResult,
  style: { red(s: string): string; green(s: string): string; bold(s: string): string; dim(s: string): string } = plain,
): string {
  const lines: string[] = [
    style.bold(`${result.title}: ${pts(result.score)}/${pts(result.maxScore)} points`),
    style.dim(`submission ${visible(result.submission)}, graded in ${(result.durationMs / 1000).toFixed(1)} s`),
    '',
  ]
  for (const exercise of result.exercises) {
    lines.push(style.bold(`${exercise.title} (${exercise.file}): ${pts(exercise.score)}/${pts(exercise.maxScore)}`))
    const shown = new Set<string>()
    for (const check of exercise.checks) {
      const mark = check.passed ? style.green('✔') : style.red('✘')
      lines.push(`  ${mark} ${`${pts(check.points)}/${pts(check.maxPoints)}`.padStart(5)}  ${check.name}`)
      if (!check.passed && exercise.error === null) lines.push(indent(explainFailure(check, shown), '           '))
    }
    const notes = exerciseNotes(exercise)
    if (notes.length > 0) lines.push(style.dim(indent(notes.map(noteLines).join('\n'), '  ')))
    lines.push('')
  }
  return lines.join('\n').trimEnd()
}

const plain = { red: (s: string) => s, green: (s: string) => s, bold: (s: string) => s, dim: (s: string) => s }

function checkOutput(exercise: ExerciseResult, check: CheckResult): string {
  if (check.passed) return check.detail
  if (exercise.error) return exercise.error
  return explainFailure(check)
}

/** Gradescope `results.json` (autograder_samples docs/specs.md). */
export function toGradescope(result: GradeResult): Record<string, unknown> {
  return {
    score: result.score,
    execution_time: Math.round(result.durationMs / 1000),
    output: `${result.title}: ${pts(result.score)}/${pts(result.maxScore)} points`,
    output_format: 'text',
    test_output_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: result.exercises.flatMap((exercise, e) =>
      exercise.checks.map((check, c) => {
        const text =
          checkOutput(exercise, check) +
          (c === exercise.checks.length - 1 && exercise.notes.length > 0 ? `\n\n${exercise.notes.join('\n')}` : '')
        // A failed check shows the picture of its run: Gradescope renders a test's output as HTML
        // when that test says so; every other test keeps plain text.
        const html = !check.passed && exercise.error === null && check.svg !== null
        return {
          name: `${exercise.title}: ${check.name}`,
          number: `${e + 1}.${c + 1}`,
          score: check.points,
          max_score: check.maxPoints,
          status: check.passed ? 'passed' : 'failed',
          output: html ? failureHtml(text, check.svg!) : text,
          output_format: html ? 'html' : 'text',
          tags: [exercise.id],
          visibility: 'visible',
        }
      }),
    ),
  }
}

/**
 * PrairieLearn external grading `results.json` (score in [0, 1], tests with points/max_points).
 * A failed check carries the picture of its run as an image (`images: [{label, url}]`, a `data:`
 * URL), while the file stays under PrairieLearn's 1 MB: pictures that would not fit are left out,
 * and the test's output says so.
 */
export function toPrairieLearn(result: GradeResult): Record<string, unknown> {
  const cap = 8 * 1024 // per test: the whole file must stay under 1 MB
  const cut = (s: string): string => (s.length > cap ? `${s.slice(0, cap)}\n… (cut)` : s)
  const text = {
    gradable: true,
    score: result.maxScore > 0 ? result.score / result.maxScore : 0,
    points: result.score,
    max_points: result.maxScore,
    message: `${result.title}: ${pts(result.score)}/${pts(result.maxScore)} points`,
    output: result.exercises
      .map(
        (e) =>
          `${e.title}: ${pts(e.score)}/${pts(e.maxScore)}${exerciseNotes(e)
            .map((n) => `\n  ${n}`)
            .join('')}`,
      )
      .join('\n'),
    tests: result.exercises.flatMap((exercise) =>
      exercise.checks.map((check) => ({
        name: `${exercise.title}: ${check.name}`,
        description: check.feedback ?? check.name,
        points: check.points,
        max_points: check.maxPoints,
        message: check.passed ? 'passed' : (exercise.error ?? check.detail),
        output: cut(checkOutput(exercise, check)),
      })),
    ),
  }
  // What the text leaves of the 1 MB: each test may yet get a note (below) or an image's label.
  let room = 1000 * 1000 - Buffer.byteLength(JSON.stringify(text, null, 2)) - 200 * text.tests.length
  const checks = result.exercises.flatMap((exercise) => exercise.checks.map((check) => ({ exercise, check })))
  return {
    ...text,
    tests: text.tests.map((test, i) => {
      const { exercise, check } = checks[i]!
      if (check.passed || exercise.error !== null || check.svg === null) return test
      const url = svgDataUrl(check.svg)
      if (url.length > room)
        return {
          ...test,
          output: `${test.output}\n(the picture of this run is left out: results.json must stay under 1 MB)`,
        }
      room -= url.length
      return { ...test, images: [{ label: `The run that failed ${check.id}`, url }] }
    }),
  }
}

/**
 * GitHub Classroom autograding result (`autograding-command-grader`'s `result`, before base64):
 * `{version: 1, status, max_score, tests: [{name, status, score, message, test_code, filename, line_no, duration}]}`.
 */
export function toGitHubClassroom(result: GradeResult): Record<string, unknown> {
  const tests = result.exercises.flatMap((exercise) =>
    exercise.checks.map((check) => ({
      name: `${exercise.id}: ${check.name}`,
      status: exercise.error ? 'error' : check.passed ? 'pass' : 'fail',
      score: check.points,
      message: checkOutput(exercise, check),
      test_code: `proclife grade ${result.lab} (${check.id})`,
      filename: '',
      line_no: 0,
      duration: Math.round(exercise.durationMs / Math.max(1, exercise.checks.length)),
    })),
  )
  return {
    version: 1,
    status: tests.some((t) => t.status === 'error')
      ? 'error'
      : tests.every((t) => t.status === 'pass')
        ? 'pass'
        : 'fail',
    max_score: result.maxScore,
    tests,
  }
}

const xml = (s: string): string =>
  s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

/** JUnit XML: one testsuite per exercise, one testcase per check; points as properties. */
export function toJUnit(result: GradeResult, timestamp = new Date()): string {
  const failures = (e: ExerciseResult): number => (e.error ? 0 : e.checks.filter((c) => !c.passed).length)
  const errors = (e: ExerciseResult): number => (e.error ? e.checks.length : 0)
  const total = (f: (e: ExerciseResult) => number): number => result.exercises.reduce((s, e) => s + f(e), 0)
  const secs = (ms: number): string => (ms / 1000).toFixed(3)
  const out = ['<?xml version="1.0" encoding="UTF-8"?>']
  out.push(
    `<testsuites name="${xml(result.lab)}" tests="${total((e) => e.checks.length)}" failures="${total(failures)}" errors="${total(errors)}" skipped="0" time="${secs(result.durationMs)}">`,
  )
  result.exercises.forEach((exercise, i) => {
    out.push(
      `  <testsuite name="${xml(exercise.id)}" tests="${exercise.checks.length}" failures="${failures(exercise)}" errors="${errors(exercise)}" skipped="0" time="${secs(exercise.durationMs)}" timestamp="${timestamp.toISOString().replace(/\.\d+Z$/, '')}" hostname="localhost" id="${i}" package="${xml(result.lab)}">`,
    )
    out.push('    <properties>')
    out.push(`      <property name="points" value="${exercise.score}"/>`)
    out.push(`      <property name="max_points" value="${exercise.maxScore}"/>`)
    out.push('    </properties>')
    for (const check of exercise.checks) {
      out.push(
        `    <testcase name="${xml(check.name)}" classname="${xml(`${result.lab}.${exercise.id}`)}" time="${secs(exercise.durationMs / Math.max(1, exercise.checks.length))}">`,
      )
      out.push('      <properties>')
      out.push(`        <property name="points" value="${check.points}"/>`)
      out.push(`        <property name="max_points" value="${check.maxPoints}"/>`)
      out.push(`        <property name="check" value="${xml(check.id)}"/>`)
      out.push('      </properties>')
      if (exercise.error)
        out.push(`      <error message="${xml(exercise.error)}" type="SubmissionError">${xml(exercise.error)}</error>`)
      else if (!check.passed)
        out.push(
          `      <failure message="${xml(check.detail)}" type="CheckFailed">${xml(explainFailure(check))}</failure>`,
        )
      out.push('    </testcase>')
    }
    if (exercise.notes.length > 0) out.push(`    <system-out>${xml(exercise.notes.join('\n'))}</system-out>`)
    out.push('  </testsuite>')
  })
  out.push('</testsuites>')
  return `${out.join('\n')}\n`
}

/** The result in one of the formats, as the text to write. */
export function formatResult(result: GradeResult, format: FormatName): string {
  switch (format) {
    case 'text':
      return `${formatText(result)}\n`
    case 'gradescope':
      return `${JSON.stringify(toGradescope(result), null, 2)}\n`
    case 'prairielearn':
      return `${JSON.stringify(toPrairieLearn(result), null, 2)}\n`
    case 'github':
      return `${JSON.stringify(toGitHubClassroom(result), null, 2)}\n`
    case 'junit':
      return toJUnit(result)
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`
  }
}
