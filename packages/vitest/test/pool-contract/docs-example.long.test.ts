import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { afterAll, expect, it } from 'vitest'
import { checkPoolClause, POOL_CLAUSES, type PoolAdapter } from '../../src/pool-contract.js'
import { vitestBin } from '../helpers/child-vitest.js'

// docs/pool-contract.md's examples — the test file with its one call, and the adapter module —
// copied as written into a project of their own and run by vitest, with `./my-pool.mjs` a correct
// pool (every clause passes) and a pool whose terminate() resolves early (terminate-waits fails,
// and only it).
const doc = readFileSync(new URL('../../../../docs/pool-contract.md', import.meta.url), 'utf8')
const fixtures = fileURLToPath(new URL('../fixtures/pool-contract/', import.meta.url))
const source = fileURLToPath(new URL('../../src/', import.meta.url))
// Inside this package, so that Node resolves `@proclife/vitest/pool-adapter` to it by name.
const parent = fileURLToPath(new URL('../e2e-fixtures/', import.meta.url))
const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** The code block of the docs that starts with this comment line. */
function example(firstLine: string): string {
  const block = [...doc.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((code) => code.startsWith(`${firstLine}\n`))
  if (!block) throw new Error(`docs/pool-contract.md has no example starting with ${firstLine}`)
  return block
}

const pools = {
  correct: `export { ForkPool as MyPool } from '${fixtures}fork-pool.mjs'\n`,
  'terminates early': `import { ForkPool } from '${fixtures}fork-pool.mjs'\nexport class MyPool extends ForkPool {\n  constructor(options) { super({ ...options, bug: 'early-terminate' }) }\n}\n`,
}

async function runDocs(pool: keyof typeof pools): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(parent, 'pool-docs-'))
  made.push(dir)
  writeFileSync(join(dir, 'my-pool.contract.test.ts'), example('// my-pool.contract.test.ts'))
  writeFileSync(join(dir, 'my-pool.adapter.mjs'), example('// my-pool.adapter.mjs'))
  writeFileSync(join(dir, 'my-pool.mjs'), pools[pool])
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    `export default { resolve: { alias: { '@proclife/vitest/pool-contract': '${source}pool-contract.ts' }, conditions: ['@proclife/source'] }, ssr: { resolve: { conditions: ['@proclife/source'], externalConditions: ['@proclife/source'] } }, test: { include: ['*.test.ts'], testTimeout: 120000 } }\n`,
  )
  const json = join(dir, 'report.json')
  const run = await execa(
    process.execPath,
    [vitestBin, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${json}`],
    { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1', CI: '1', PROCLIFE_PICTURES: join(dir, 'pictures') } },
  )
  const tests = (
    JSON.parse(readFileSync(json, 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string }[] }[]
    }
  ).testResults.flatMap((f) => f.assertionResults)
  expect(tests.length, run.all).toBe(POOL_CLAUSES.length)
  return Object.fromEntries(tests.map((t) => [t.title.split(':')[0]!, t.status]))
}

it("the docs' examples, as written: every clause passes on a correct pool, and terminate-waits alone fails on one whose terminate() resolves early", async () => {
  const [correct, early] = await Promise.all([runDocs('correct'), runDocs('terminates early')])
  const all = (status: string): Record<string, string> => Object.fromEntries(POOL_CLAUSES.map((c) => [c, status]))
  expect(correct).toEqual(all('passed'))
  expect(early).toEqual({ ...all('passed'), 'terminate-waits': 'failed' })
}, 900_000)

it("the docs' Python adapter, as written: multiprocessing.Pool keeps terminate-waits and breaks force-terminate", async () => {
  const dir = mkdtempSync(join(parent, 'pool-docs-'))
  made.push(dir)
  writeFileSync(join(dir, 'python-adapters.mjs'), example('// python-adapters.mjs'))
  copyFileSync(join(fixtures, 'mp_pool.py'), join(dir, 'mp_pool.py'))
  const { multiprocessingPool } = (await import(join(dir, 'python-adapters.mjs'))) as {
    multiprocessingPool: PoolAdapter
  }
  await checkPoolClause(multiprocessingPool, 'terminate-waits')
  await expect(checkPoolClause(multiprocessingPool, 'force-terminate', { timeout: 10_000 })).rejects.toThrow(
    /clause force-terminate[\s\S]*the last step it started: "force_terminate\(\)"/,
  )
}, 120_000)
