import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  gradeSubmission,
  pictureFiles,
  toGitHubClassroom,
  toGradescope,
  toJUnit,
  toPrairieLearn,
  type GradeResult,
} from '../src/index.js'
import { exampleLab, expectNothingLeft, repoRoot } from './helpers.js'
import { xmlProblem } from './well-formed-xml.js'

// Real grades of the example labs' wrong solutions: each fails the checks its expect.yaml names,
// and exactly those carry the picture of their run, where the format can show one.

const wrong = [
  [exampleLab, 'reap-one/no-wait'],
  [exampleLab, 'orphan/parent-waits'],
  [exampleLab, 'zombie-on-signal/never-reaps'],
  [`${repoRoot}fixtures/labs/node-processes`, 'wait-for-exit/detached'],
] as const

const grades: { name: string; result: GradeResult; fails: string[] }[] = []
beforeAll(async () => {
  for (const [lab, solution] of wrong) {
    const [exercise] = solution.split('/')
    const dir = join(lab, 'wrong', solution)
    const { fails } = parse(readFileSync(join(dir, 'expect.yaml'), 'utf8')) as { fails: string[] }
    grades.push({
      name: solution,
      result: await gradeSubmission(lab, dir, { only: [exercise!] }),
      fails: fails.map((f) => `${exercise}/${f}`),
    })
  }
}, 120_000)

/** The one `<svg>…</svg>` in a text, or what is wrong with it. */
function onlySvg(text: string): string {
  const svgs = text.match(/<svg[\s>][\s\S]*?<\/svg>/g) ?? []
  expect(svgs, 'one picture').toHaveLength(1)
  return svgs[0]!
}

/** A picture a browser draws as it is: well-formed, SVG, and nothing it would fetch or run. */
function expectSelfContainedSvg(svg: string): void {
  expect(xmlProblem(svg)).toBeNull()
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /)
  expect(svg).not.toMatch(/<script|href=|@import|@font-face|<image|<foreignObject|\bon\w+=/i)
}

describe("the picture in the grader's feedback", () => {
  it('each wrong solution fails what its expect.yaml says, and those checks have a picture; passed ones none', () => {
    for (const { name, result, fails } of grades) {
      const failed = result.exercises.flatMap((e) => e.checks.filter((c) => !c.passed).map((c) => c.id))
      expect(failed.toSorted(), name).toEqual(fails.toSorted())
      expect(
        pictureFiles(result).map((p) => p.checkId),
        name,
      ).toEqual(failed)
      for (const picture of pictureFiles(result)) {
        expect(picture.name).toBe(`${picture.checkId.replace('/', '.')}.svg`)
        expectSelfContainedSvg(picture.svg)
        // The student's program, not the containment around it (the report's wrapper field).
        expect(picture.svg).toMatch(/font-weight="bold">proclife run {2}[\w-]+\.(py|js|mjs)( [^<]*)?<\/text>/)
        expect(picture.svg).not.toMatch(/unshare|nsenter|setpriv|prlimit|cannot join its cgroups/)
      }
    }
    for (const { result } of grades) expectNothingLeft(result)
  })

  it("Gradescope: a failed check's output is html, its text in a <pre> and the picture inline; a passed one stays text", () => {
    for (const { name, result } of grades) {
      const tests = (
        toGradescope(result) as { tests: { name: string; status: string; output: string; output_format: string }[] }
      ).tests
      expect(
        tests.some((t) => t.status === 'failed'),
        name,
      ).toBe(true)
      for (const test of tests) {
        if (test.status === 'passed') {
          expect(test.output_format, test.name).toBe('text')
          expect(test.output, test.name).not.toContain('<svg')
          continue
        }
        expect(test.output_format, test.name).toBe('html')
        expectSelfContainedSvg(onlySvg(test.output))
        const pre = /^<pre>([\s\S]*?)<\/pre>\n/.exec(test.output)
        expect(pre, test.name).not.toBeNull()
        expect(xmlProblem(`<pre>${pre![1]}</pre>`)).toBeNull()
        // The text is what the other formats show, escaped: the tree's "<defunct>" stays readable.
        expect(pre![1]).not.toMatch(/<(?!\/?pre>)/)
      }
    }
  })

  it('PrairieLearn: a failed check carries its picture as an svg image, a passed one none, and the file stays under 1 MB', () => {
    for (const { name, result } of grades) {
      const pl = toPrairieLearn(result) as {
        tests: { name: string; message: string; images?: { label: string; url: string }[] }[]
      }
      const checks = result.exercises.flatMap((e) => e.checks)
      pl.tests.forEach((test, i) => {
        const check = checks[i]!
        if (check.passed) return expect(test.images, test.name).toBeUndefined()
        expect(test.images, test.name).toHaveLength(1)
        const [image] = test.images!
        expect(image!.url.startsWith('data:image/svg+xml;base64,')).toBe(true)
        const svg = Buffer.from(image!.url.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8')
        expect(svg, name).toBe(check.svg)
        expectSelfContainedSvg(svg)
      })
      expect(Buffer.byteLength(JSON.stringify(pl, null, 2))).toBeLessThan(1000 * 1000)
    }
  })

  it('PrairieLearn: pictures that would take the file past 1 MB are left out, and the output says so', () => {
    const { result } = grades.find((g) => g.fails.length >= 2)!
    const big = (svg: string): string => svg.replace('</svg>', `<desc>${'x'.repeat(400 * 1000)}</desc></svg>`)
    const heavy: GradeResult = {
      ...result,
      exercises: result.exercises.map((e) => ({
        ...e,
        checks: e.checks.map((c) => ({ ...c, svg: c.svg === null ? null : big(c.svg) })),
      })),
    }
    const pl = toPrairieLearn(heavy) as { tests: { output: string; images?: unknown[] }[] }
    expect(pl.tests.filter((t) => t.images !== undefined)).toHaveLength(1)
    expect(
      pl.tests.filter((t) =>
        t.output.endsWith('(the picture of this run is left out: results.json must stay under 1 MB)'),
      ).length,
    ).toBeGreaterThanOrEqual(1)
    expect(Buffer.byteLength(JSON.stringify(pl, null, 2))).toBeLessThan(1000 * 1000)
  })

  it('GitHub Classroom and JUnit, which show text only, carry no picture', () => {
    for (const { result } of grades) {
      expect(JSON.stringify(toGitHubClassroom(result))).not.toContain('<svg')
      expect(toJUnit(result)).not.toMatch(/<svg|&lt;svg/)
    }
  })
})
