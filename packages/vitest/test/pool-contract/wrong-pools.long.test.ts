import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, expect, it } from 'vitest'
import { POOL_CLAUSES } from '../../src/pool-contract.js'
import { vitestBin } from '../helpers/child-vitest.js'

// The pool contract's proof on its wrong pools (fixtures/pool-contract/fork-pool.mjs, one bug per
// clause): vitest runs e2e-fixtures/pool-contract, one file per wrong pool, as a maintainer runs
// the contract, and each pool fails exactly its own clause, with the clause and the kind of bug
// named. The correct pool passes every clause in correct-pool.long.test.ts.
const project = fileURLToPath(new URL('../e2e-fixtures/pool-contract/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'proclife-e2e-pool-contract-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Result {
  readonly file: string
  readonly title: string
  readonly status: string
  readonly failure: string
}

it('each wrong pool fails exactly its clause, naming the clause and the bug', async () => {
  const json = join(scratch, 'report.json')
  const run = await execa(
    process.execPath,
    [vitestBin, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${json}`],
    {
      cwd: project,
      reject: false,
      all: true,
      env: { NO_COLOR: '1', FORCE_COLOR: undefined, CI: '1', PROCLIFE_PICTURES: join(scratch, 'pictures') },
    },
  )
  const results: Result[] = (
    JSON.parse(readFileSync(json, 'utf8')) as {
      testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[]
    }
  ).testResults.flatMap((file) =>
    file.assertionResults.map((t) => ({
      file: file.name.split('/').at(-1)!,
      title: t.title,
      status: t.status,
      failure: t.failureMessages.join('\n'),
    })),
  )
  const failed = Object.fromEntries(
    POOL_CLAUSES.map((clause) => [
      clause,
      results.filter((r) => r.file === `${clause}.spec.ts` && r.status === 'failed').map((r) => r.title.split(':')[0]),
    ]),
  )
  expect(failed, run.all.slice(-6000)).toEqual(Object.fromEntries(POOL_CLAUSES.map((clause) => [clause, [clause]])))
  // Everything else passed, or was skipped with its reason: the pool without a task timeout.
  expect(
    results.filter((r) => r.status !== 'failed' && r.status !== 'passed').map((r) => `${r.file}: ${r.title}`),
  ).toEqual([
    "force-terminate.spec.ts: hang-timeout: the worker of a task past its timeout has ended by the time the task's promise rejects (skipped: the adapter does not declare a task timeout (capabilities.taskTimeout))",
  ])
  for (const r of results.filter((x) => x.status === 'failed')) {
    expect(r.failure).toContain(`clause ${r.title.split(':')[0]}`)
    expect(r.failure).toContain('A failure here catches: ')
  }
  const message = (clause: string): string =>
    results.find((r) => r.file === `${clause}.spec.ts` && r.status === 'failed')!.failure.split('\n    at ')[0]!
  expect(message('terminate-twice').split('\n').slice(0, 5).join('\n')).toMatchInlineSnapshot(`
    "Error: Pool contract of "fork pool: a second terminate() throws", clause terminate-twice: a second terminate() resolves, and starts nothing.
    A failure here catches: a second terminate() that throws, hangs, or starts workers again.

    The step "the second terminate()" failed: the pool is already terminated"
  `)
  expect(message('terminate-waits').split('\n').slice(0, 6).join('\n')).toMatchInlineSnapshot(`
    "Error: Pool contract of "fork pool: terminate() resolves early", clause terminate-waits: terminate() resolves only when every worker has ended.
    A failure here catches: terminate() resolving before its workers have exited (code after it runs while they still do).

    expect(received).not.toBeAliveAt("pool:terminated")

    Expected root.1 to have ended at checkpoint "pool:terminated", but it was alive."
  `)
}, 900_000)
