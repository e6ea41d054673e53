import { describeRootExit, describeVerdictParts, visible } from '@proclife/report'
import { drawProcesses, formatTimeline, type RunReport } from '@proclife/runner'
import type { Style } from './style.js'

/**
 * The text a person reads after `proclife run`: what ran and how it ended, the tree with what
 * happened to each process, the timeline, and the verdict in one line.
 */
export function renderRun(report: RunReport, style: Style): string {
  const lines: string[] = []
  const label = (name: string): string => style.dim(name.padEnd(12))
  lines.push(`${style.bold('proclife run')}  ${visible(report.command.map(shortPath).join(' '))}`)
  if (report.interpreter) {
    lines.push(
      `${label('interpreter')}${report.interpreter.kind} ${report.interpreter.version ?? ''} (${report.interpreter.path})`.trimEnd(),
    )
  }
  lines.push(`${label('reaper')}${report.reaper.kind} (pid ${report.reaper.pid}), isolation ${report.isolation}`)
  if (report.isolationNote) lines.push(`${label('')}${style.yellow(report.isolationNote)}`)
  if (report.capture.mode === 'sampled')
    lines.push(`${label('capture')}${style.yellow(`sampled: ${report.capture.reason ?? 'unknown reason'}`)}`)
  const how = report.timedOut
    ? style.red(`timed out after ${report.options.timeout} ms`)
    : describeRootExit(report.exit)
  lines.push(`${label('root')}${how}, run took ${Math.round(report.durationMs)} ms`)
  lines.push(
    '',
    drawProcesses(report.processes, report, {
      final: true,
      durations: true,
      ...(report.terminal ? { terminal: report.terminal } : {}),
    }),
  )
  const output = [report.stdout, report.stderr].filter(Boolean)
  if (output.length > 0) {
    lines.push('', style.bold('output'))
    // What the program wrote, its escapes shown rather than acting on the terminal.
    if (report.stdout) lines.push(indent(visible(report.stdout.trimEnd(), { keepLines: true })))
    if (report.stderr) lines.push(indent(style.dim(visible(report.stderr.trimEnd(), { keepLines: true }))))
    if (report.output.stdoutTruncated || report.output.stderrTruncated) {
      lines.push(
        style.dim(
          `  (cut at ${report.options.maxOutput} bytes: ${report.output.stdoutBytes} bytes on stdout, ${report.output.stderrBytes} on stderr)`,
        ),
      )
    }
  }
  lines.push(
    '',
    `${style.bold('timeline')} ${style.dim('(~ = sampled, else exact)')}`,
    formatTimeline(report, { limit: 60 }),
  )
  lines.push('', verdictLine(report, style))
  return lines.join('\n')
}

/** `✔ no zombies · 1 orphan (root.1) · no strays`: the report's words for the verdict, coloured by severity. */
export function verdictLine(report: RunReport, style: Style): string {
  const colour = { ok: style.green, warn: style.yellow, bad: style.red }
  const parts = describeVerdictParts(report.verdict)
  const clean = parts.every((p) => p.severity !== 'bad')
  return `${clean ? style.green('✔') : style.red('✘')} ${parts.map((p) => colour[p.severity](p.text)).join(style.dim(' · '))}`
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n')
const shortPath = (arg: string): string => (arg.startsWith('/') ? arg.slice(arg.lastIndexOf('/') + 1) : arg)
