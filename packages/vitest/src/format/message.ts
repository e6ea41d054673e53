import { formatTimeline, type ProcessRecord, type RunReport } from '@proclife/runner'
import type { MatcherContext } from './context.js'
import { shownPath } from '../picture/picture-file.js'
import { attachPicture } from './attach-picture.js'
import { endOf } from './status.js'
import { drawRecords } from './tree.js'

/** The parts of a failure message; every matcher fills in the same ones. */
export interface MessageParts {
  /** The matcher's argument as shown in the hint, e.g. `3` or `"SIGTERM"`; `''` for none. */
  readonly expectedArg?: string
  /** One sentence saying what was expected and what happened. */
  readonly sentence: string
  /** The expected value, already in words (coloured as expected). */
  readonly expected: string
  /** The received value, already in words (coloured as received). */
  readonly received: string
  /** The report to draw; without one only `processes` are drawn. */
  readonly report: RunReport | undefined
  /** Processes to draw when there is no report (one process of an unknown run). */
  readonly processes?: readonly ProcessRecord[]
  /** The processes the message is about: highlighted in the tree, and the timeline slice. */
  readonly ids: readonly string[]
  /** Extra notes per process id in the tree. */
  readonly extraNotes?: ReadonlyMap<string, readonly string[]>
}

/**
 * Builds a failure message of the one shape all proclife matchers share:
 *
 * ```text
 * expect(received).toLeaveNoZombies()
 *
 * Expected the run to leave no zombies, but 1 process stayed a zombie past the grace period.
 *
 * Expected: no zombies
 * Received: 1 zombie (root.1)
 *
 * Processes:
 * root never-reaped.py  ← exit code 0
 * └─ root.1 never-reaped.py  ← zombie past grace, exit code 3
 *
 * Timeline (root.1):
 *     38.9 ms~ root.1  exit       exit code 3
 * ```
 */
export function failureMessage(ctx: MatcherContext, matcherName: string, parts: MessageParts): () => string {
  return () => {
    const picture = parts.report ? attachPicture(ctx.task, parts.report) : null
    const { matcherHint, EXPECTED_COLOR, RECEIVED_COLOR } = ctx.utils
    const lines = [
      matcherHint(matcherName, 'received', parts.expectedArg ?? '', { isNot: ctx.isNot, promise: ctx.promise }),
      '',
      parts.sentence,
      ...(parts.report?.timedOut && endOf(parts.report) === 'callback'
        ? [
            'The callback did not return in time: the observation stopped without it, and what it had started was killed.',
          ]
        : []),
      '',
      `Expected: ${EXPECTED_COLOR(parts.expected)}`,
      `Received: ${RECEIVED_COLOR(parts.received)}`,
      '',
      'Processes:',
      drawRecords(parts.report?.processes ?? parts.processes ?? [], parts.report, {
        highlight: parts.ids,
        mark: RECEIVED_COLOR,
        ...(parts.extraNotes ? { extraNotes: parts.extraNotes } : {}),
      }),
    ]
    if (parts.report) lines.push('', ...timelineSlice(ctx, parts.report, parts.ids))
    else
      lines.push(
        '',
        ctx.utils.DIM_COLOR(
          '(Only this process is drawn: its report was not seen by @proclife/vitest. A run-level matcher on the report earlier in the test lets this message draw the whole run and its timeline.)',
        ),
      )
    if (picture !== null) lines.push('', `Picture of the run: ${shownPath(picture)}`)
    return lines.join('\n')
  }
}

function timelineSlice(ctx: MatcherContext, report: RunReport, ids: readonly string[]): string[] {
  const text = formatTimeline(report, ids.length > 0 ? { ids } : {})
  const title = ids.length > 0 ? `Timeline (${ids.join(', ')}):` : 'Timeline:'
  return [title, text ? ctx.utils.DIM_COLOR(text) : ctx.utils.DIM_COLOR('(no events)')]
}
