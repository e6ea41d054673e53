import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  checkList,
  evaluateCheck as registryEvaluate,
  parseSentinelEvent,
  replayEvents,
  UNDETERMINED_WORDS,
  type CheckDefinition,
  type RunReportWithLookup,
} from '@proclife/report'
import { evaluateCheck as labEvaluate, type Check } from '@proclife/grader'
import { proclifeMatchers } from '@proclife/vitest/matchers'
import { evaluate as assertEvaluate } from '../src/commands/assertions.js'

// One report, one answer, whatever interface asks: every check of the registry, on every recorded
// stream of the report package, with a spread of parameters, through the registry itself, each
// vitest matcher that adapts it (and its .not), its lab key, and its --assert name.

expect.extend(proclifeMatchers)

type Answer = 'pass' | 'fail' | 'undetermined'
const streamsDir = new URL('../../report/test/streams/', import.meta.url)
const streams = readdirSync(streamsDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
const replay = (file: string): RunReportWithLookup =>
  replayEvents(readFileSync(new URL(file, streamsDir), 'utf8').trim().split('\n').map(parseSentinelEvent))

/** Parameters to try for each check on a report. */
function paramsFor(id: string, report: RunReportWithLookup): unknown[] {
  const ids = report.processes.map((p) => p.id)
  const checkpoints = [...new Set(report.checkpoints.map((c) => c.name))]
  const each = <T>(f: (p: string) => T[]): T[] => ids.flatMap(f)
  switch (id) {
    case 'spawned':
    case 'atMostConcurrent':
      return [0, 1, 2, ids.length - 1]
    case 'atLeastConcurrent':
      return [1, 2]
    case 'reapedWithin':
      return [0, 1e9]
    case 'exitedWith':
      return each((process) => [0, 1, report.process(process).exit?.code ?? 3].map((code) => ({ process, code })))
    case 'killedBy':
    case 'killedDuringRun':
      return each((process) => ['SIGTERM', 'SIGKILL'].map((signal) => ({ process, signal })))
    case 'adoptedBy':
      return each((process) => ['reaper', 'sentinel', 'root'].map((by) => ({ process, by })))
    case 'reapedBy':
      return each((process) => ['parent', 'reaper', 'cleanup', 'root'].map((by) => ({ process, by })))
    case 'aliveAt':
    case 'zombieAt':
    case 'goneAt':
    case 'checkpointBy':
      return each((process) => checkpoints.map((checkpoint) => ({ process, checkpoint })))
    case 'noZombieAt':
      return checkpoints
    case 'sameGroup':
      return ids.length >= 2 ? [ids.slice(0, 2)] : []
    case 'stdoutMatches':
    case 'stdoutDoesNotMatch':
      return ['.', '^$']
    default:
      return checkList.find((c) => c.id === id)!.subject === 'process' ? ids : [true]
  }
}

/** The matcher calls that ask a check with these parameters: subject, matcher, arguments. */
function matcherCalls(
  check: CheckDefinition<unknown, unknown>,
  report: RunReportWithLookup,
  params: unknown,
): [unknown, string, unknown[]][] {
  const p = check.subject === 'process' ? report.process(check.processOf(params)) : undefined
  const o = params as Record<string, unknown>
  switch (check.id) {
    case 'spawned':
    case 'atMostConcurrent':
    case 'reapedWithin':
      return check.names.matchers!.map((m) => [report, m, [params]])
    case 'exitedWith':
      return [
        ...(o['process'] === 'root' ? [[report, 'toExitWith', [o['code']]] as [unknown, string, unknown[]]] : []),
        [p, 'toHaveExitedWith', [o['code']]],
      ]
    case 'killedBy':
      return [[p, 'toBeKilledBy', [o['signal']]]]
    case 'adoptedBy':
    case 'reapedBy':
      return check.names.matchers!.map((m) => [p, m, [o['by']]])
    case 'zombieAt':
      return [[p, 'toBeZombie', [o['checkpoint']]]]
    case 'aliveAt':
      return [[p, 'toBeAliveAt', [o['checkpoint']]]]
    case 'zombie':
      return [[p, 'toBeZombie', []]]
    default:
      return (check.names.matchers ?? []).map((m) => [p ?? report, m, []])
  }
}

function viaMatcher(subject: unknown, matcher: string, args: unknown[], not: boolean): Answer {
  const e = expect(subject) as unknown as Record<string, (...a: unknown[]) => unknown> & {
    not: Record<string, (...a: unknown[]) => unknown>
  }
  try {
    ;(not ? e.not : e)[matcher]!(...args)
    return not ? 'fail' : 'pass'
  } catch (error) {
    if ((error as Error).message.includes('Cannot decide')) return 'undetermined'
    return not ? 'pass' : 'fail'
  }
}

/** The interfaces the tests above asked. */
const asked = new Set<string>()

const fromWords = (passed: boolean, words: string): Answer =>
  passed ? 'pass' : words.includes(UNDETERMINED_WORDS) ? 'undetermined' : 'fail'

describe.each(streams)('every check gives one answer through every interface, on %s', (file) => {
  const report = replay(file)
  for (const check of checkList) {
    it(check.id, () => {
      for (const params of paramsFor(check.id, report)) {
        const outcome = registryEvaluate(check, report, params)
        const answer: Answer = outcome.undetermined ? 'undetermined' : outcome.pass ? 'pass' : 'fail'
        const where = `${check.id} ${JSON.stringify(params)}`
        for (const [subject, matcher, args] of matcherCalls(check, report, params)) {
          expect(viaMatcher(subject, matcher, args, false), `${where} via ${matcher}`).toBe(answer)
          expect(viaMatcher(subject, matcher, args, true), `${where} via .not.${matcher}`).toBe(answer)
          asked.add(`matcher ${matcher}`)
        }
        if (check.names.lab !== undefined) {
          const lab = labEvaluate({ points: 1, [check.names.lab]: params } as Check, report, {
            zombiesAtRelease: new Map(),
          })
          expect(fromWords(lab.passed, lab.detail), `${where} via the lab's ${check.names.lab}`).toBe(answer)
          asked.add(`lab ${check.names.lab}`)
        }
        const name = check.names.assert?.name
        if (name !== undefined && JSON.stringify(params) === JSON.stringify(check.names.assert!.params)) {
          const [failed] = assertEvaluate(report, [name])
          expect(
            failed === undefined ? 'pass' : fromWords(false, failed.failures.join('; ')),
            `${where} via --assert ${name}`,
          ).toBe(answer)
          asked.add(`assert ${name}`)
        }
      }
    })
  }
})

describe('the streams above', () => {
  it('asked every interface of every check at least once', () => {
    const offered = checkList.flatMap((c) => [
      ...(c.names.matchers ?? []).map((m) => `matcher ${m}`),
      ...(c.names.lab === undefined ? [] : [`lab ${c.names.lab}`]),
      ...(c.names.assert === undefined ? [] : [`assert ${c.names.assert.name}`]),
    ])
    expect([...new Set(offered)].filter((name) => !asked.has(name))).toEqual([])
  })
})
