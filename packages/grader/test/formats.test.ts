import { beforeAll, describe, expect, it } from 'vitest'
import {
  formatText,
  gradeSubmission,
  toGitHubClassroom,
  toGradescope,
  toJUnit,
  toPrairieLearn,
  type GradeResult,
} from '../src/index.js'
import { exampleLab } from './helpers.js'

// One real grade with a passed check, a failed check and an exercise whose file is missing.
let result: GradeResult
beforeAll(async () => {
  result = await gradeSubmission(exampleLab, `${exampleLab}/wrong/reap-one/raw-status`, {
    only: ['reap-one', 'orphan'],
  })
})

const oneOf =
  (...values: unknown[]) =>
  (v: unknown) =>
    values.includes(v)

describe('result formats', () => {
  it('text: each check with its points; a failed one with why, the hint, the tree and the timeline', () => {
    const text = formatText(result)
    expect(text).toMatch(/^Process lifecycles — zombies, orphans, reaping: 8\/20 points$/m)
    expect(text).toMatch(/^Fork a child and reap it \(reap_one\.py\): 8\/10$/m)
    expect(text).toMatch(/^ {2}✔ {3}2\/2 {2}spawns exactly 1 process besides the main one$/m)
    expect(text).toMatch(/^ {2}✘ {3}0\/2 {2}output matches \/\^child exited with 7\$\/$/m)
    expect(text).toContain('the output does not match /^child exited with 7$/; it was: "child exited with 1792"')
    expect(text).toContain('hint: Decode the status with os.waitstatus_to_exitcode')
    expect(text).toMatch(/processes:\n\s+root python3 \(\d+\)/)
    expect(text).toMatch(/timeline \(~ = sampled\):\n\s+[\d.]+ ms/)
    expect(text).toMatch(/^Create an orphan and watch it get adopted \(orphan\.py\): 0\/10$/m)
    expect(text).toContain('· orphan.py is not in the submission')
  })

  it('Gradescope results.json: score, execution_time and tests with the documented fields', () => {
    const gs = toGradescope(result) as {
      score: number
      execution_time: number
      tests: Record<string, unknown>[]
    } & Record<string, unknown>
    expect(gs.score).toBe(8)
    expect(Number.isInteger(gs.execution_time)).toBe(true)
    expect(oneOf('text', 'html', 'simple_format', 'md', 'ansi')(gs['output_format'])).toBe(true)
    expect(oneOf('hidden', 'after_due_date', 'after_published', 'visible')(gs['visibility'])).toBe(true)
    expect(gs.tests).toHaveLength(10)
    const allowed = [
      'score',
      'max_score',
      'status',
      'name',
      'name_format',
      'number',
      'output',
      'output_format',
      'tags',
      'visibility',
      'extra_data',
    ]
    for (const t of gs.tests) {
      expect(Object.keys(t).every((k) => allowed.includes(k))).toBe(true)
      expect(t).toMatchObject({
        score: expect.any(Number),
        max_score: expect.any(Number),
        name: expect.any(String),
        number: expect.stringMatching(/^\d+\.\d+$/),
        output: expect.any(String),
      })
      expect(oneOf('passed', 'failed')(t['status'])).toBe(true)
    }
    expect(gs.tests.reduce((s, t) => s + (t['score'] as number), 0)).toBe(gs.score)
    expect(gs.tests.find((t) => t['number'] === '1.4')).toMatchObject({ status: 'failed', score: 0, max_score: 2 })
    expect(JSON.parse(JSON.stringify(gs))).toEqual(gs)
  })

  it('PrairieLearn results.json: score in [0, 1], gradable, tests with points/max_points, under 1 MB', () => {
    const pl = toPrairieLearn(result) as {
      score: number
      gradable: boolean
      tests: Record<string, unknown>[]
    } & Record<string, unknown>
    expect(pl.score).toBeCloseTo(8 / 20)
    expect(pl.score).toBeGreaterThanOrEqual(0)
    expect(pl.score).toBeLessThanOrEqual(1)
    expect(pl.gradable).toBe(true)
    const allowed = ['name', 'description', 'points', 'max_points', 'message', 'output', 'images']
    for (const t of pl.tests) {
      expect(Object.keys(t).every((k) => allowed.includes(k))).toBe(true)
      expect(t).toMatchObject({ name: expect.any(String), points: expect.any(Number), max_points: expect.any(Number) })
    }
    expect(Buffer.byteLength(JSON.stringify(pl))).toBeLessThan(1024 * 1024)
  })

  it('GitHub Classroom: version 1, status, max_score, tests with name/status/score/message/test_code/filename/line_no/duration', () => {
    const gh = toGitHubClassroom(result) as {
      version: number
      status: string
      max_score: number
      tests: Record<string, unknown>[]
    }
    expect(gh.version).toBe(1)
    expect(gh.status).toBe('error') // the orphan exercise could not run
    expect(gh.max_score).toBe(20)
    for (const t of gh.tests) {
      expect(Object.keys(t).sort()).toEqual([
        'duration',
        'filename',
        'line_no',
        'message',
        'name',
        'score',
        'status',
        'test_code',
      ])
      expect(oneOf('pass', 'fail', 'error')(t['status'])).toBe(true)
      expect(t['filename']).toBe('')
      expect(t['line_no']).toBe(0)
    }
    expect(gh.tests.filter((t) => t['status'] === 'fail')).toHaveLength(1)
    expect(gh.tests.filter((t) => t['status'] === 'error')).toHaveLength(5)
    // The reporter sums tests[].score.
    expect(gh.tests.reduce((s, t) => s + (t['score'] as number), 0)).toBe(8)
    const encoded = Buffer.from(JSON.stringify(gh)).toString('base64')
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(gh)
  })

  it('JUnit XML: well formed, the documented elements and attributes, counts that add up, escaped text', () => {
    const junit = toJUnit(result, new Date('2026-01-02T03:04:05Z'))
    expect(junit.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true)
    // Well formed: every tag closes in order, and no raw & or < in text.
    const stack: string[] = []
    for (const [, close, name, , selfClose] of junit
      .replace(/^<\?xml.*?\?>/, '')
      .matchAll(/<(\/?)([A-Za-z-]+)((?:\s+[a-z_]+="[^"<]*")*)\s*(\/?)>/g)) {
      if (close) expect(stack.pop()).toBe(name)
      else if (!selfClose) stack.push(name!)
    }
    expect(stack).toEqual([])
    expect(junit.replace(/<[^>]*>/g, '')).not.toMatch(/&(?!amp;|lt;|gt;|quot;)|</)
    const attrs = (tag: string): Record<string, string>[] =>
      [...junit.matchAll(new RegExp(`<${tag}(?=[\\s/>])((?:\\s+[a-z_]+="[^"]*")*)`, 'g'))].map((m) =>
        Object.fromEntries([...m[1]!.matchAll(/([a-z_]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
      )
    const [suites] = attrs('testsuites')
    expect(suites).toMatchObject({ name: 'process-lifecycles', tests: '10', failures: '1', errors: '5', skipped: '0' })
    const suite = attrs('testsuite')
    expect(suite.map((s) => [s['name'], s['tests'], s['failures'], s['errors']])).toEqual([
      ['reap-one', '5', '1', '0'],
      ['orphan', '5', '0', '5'],
    ])
    for (const s of suite)
      expect(Object.keys(s).sort()).toEqual([
        'errors',
        'failures',
        'hostname',
        'id',
        'name',
        'package',
        'skipped',
        'tests',
        'time',
        'timestamp',
      ])
    expect(suite[0]!['timestamp']).toBe('2026-01-02T03:04:05')
    for (const c of attrs('testcase')) expect(Object.keys(c).sort()).toEqual(['classname', 'name', 'time'])
    expect(attrs('failure')[0]).toMatchObject({
      type: 'CheckFailed',
      message: expect.stringContaining('child exited with 1792'),
    })
    expect(junit).toContain('<property name="points" value="8"/>')
    expect(junit).toContain('&quot;child exited with 1792&quot;')
  })
})
