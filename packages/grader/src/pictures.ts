import { drawProcesses, formatTimeline, type RunReport } from '@proclife/runner'
import { renderSvg } from '@proclife/report'
import { kindOf, type CheckOutcome } from './checks.js'
import type { Check, Exercise } from './schema.js'

/** The pictures of a failed check: the tree, the timeline of the processes concerned, the SVG. */
export interface FailurePictures {
  readonly picture: string
  readonly timeline: string
  readonly svg: string
}

/** Draws the run that failed a check; made per exercise. */
export type Painter = (exercise: Exercise, check: Check, outcome: CheckOutcome, report: RunReport) => FailurePictures

/**
 * A painter for one exercise's failed checks. Several checks failed by one run share its picture:
 * the run is drawn (as SVG) once, not once per check.
 */
export function painter(): Painter {
  const svgs = new Map<RunReport, string>()
  return (exercise, check, outcome, report) => {
    let svg = svgs.get(report)
    if (svg === undefined) {
      svg = renderSvg(report)
      svgs.set(report, svg)
    }
    // An output check is about the whole run; any other about the processes its outcome names.
    const wholeRun =
      kindOf(check) === 'stdoutMatches' || kindOf(check) === 'stdoutDoesNotMatch' || outcome.ids.length === 0
    return {
      picture: drawProcesses(report.processes, report, {
        final: true,
        groups: usesGroups(exercise),
        ...(report.terminal ? { terminal: report.terminal } : {}),
      }),
      timeline: formatTimeline(report, wholeRun ? { limit: 30 } : { ids: outcome.ids, limit: 30 }),
      svg,
    }
  }
}

/** Whether an exercise is about process groups (a group check or a group signal): its pictures show them. */
function usesGroups(exercise: Exercise): boolean {
  return (
    exercise.checks.some((c) => c.leadsOwnGroup !== undefined || c.sameGroup !== undefined) ||
    (exercise.steps ?? []).some((s) => 'signal' in s && s.signal.group === true)
  )
}
