// The pool's process in a run of the pool contract: run by the test (runFixture, under the
// sentinel, so every birth, exit and reaping of the pool's workers is recorded exactly), it imports
// the adapter's module, creates the pool and plays one clause's scenario, calling checkpoint() at
// the moments the clause judges. It writes what happened as `proclife-pool:` lines on stdout.
//
// Environment: PROCLIFE_POOL_ADAPTER (the module's URL), PROCLIFE_POOL_NAME (the adapter's name),
// PROCLIFE_POOL_SCENARIO (one of `scenarios` below), PROCLIFE_POOL_DIR (a private folder for its socket).
/* global setImmediate */
import { writeSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { checkpoint } from '@proclife/runner/checkpoint'
import { HANG_SOCKET, isPoolAdapter } from './adapter.mjs'

/** One line for the test, written at once (the process may be killed next). */
const say = (kind, value) => writeSync(1, `proclife-pool:${kind} ${JSON.stringify(value)}\n`)

class StepFailed extends Error {}

/** Runs one step of the scenario; a failure ends the run with the step named. */
async function step(name, run) {
  say('step', name)
  try {
    return await run()
  } catch (error) {
    say('failed', { step: name, error: error instanceof Error ? error.message : String(error) })
    throw new StepFailed()
  }
}

async function loadAdapter() {
  const url = process.env.PROCLIFE_POOL_ADAPTER
  const name = process.env.PROCLIFE_POOL_NAME
  const exports = await import(url)
  // An adapter is an export, or a value of an exported plain object (a module of several pools).
  const values = Object.values(exports).flatMap((value) =>
    isPoolAdapter(value) || typeof value !== 'object' || value === null ? [value] : Object.values(value),
  )
  const adapter = values.find((value) => isPoolAdapter(value) && value.name === name)
  if (!adapter) throw new Error(`${url} exports no adapter named ${JSON.stringify(name)}`)
  return adapter
}

/**
 * Where hang() says which worker hangs: a socket in the run's private folder (PROCLIFE_POOL_DIR,
 * made and removed by the test, so a killed host leaves nothing), its path in the environment the
 * workers inherit.
 */
function hangListener() {
  const path = join(process.env.PROCLIFE_POOL_DIR, 'hang.sock')
  const hung = []
  let started
  const first = new Promise((resolve) => {
    started = resolve
  })
  const server = createServer((socket) => {
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      text += chunk
    })
    socket.on('end', () => {
      socket.end()
      const pid = Number(text.trim())
      hung.push(pid)
      say('hung', pid)
      started(pid)
    })
  })
  server.listen(path)
  server.unref()
  process.env[HANG_SOCKET] = path
  return {
    first,
    close: () => {
      server.close()
    },
  }
}

/** Resolves with whether the task failed: a task the scenario expects to fail must not resolve. */
const outcome = (promise) =>
  promise.then(
    () => ({ rejected: false }),
    (error) => ({ rejected: true, error }),
  )

/** Runs `maxWorkers` quick tasks at once, so that a pool that starts its workers lazily has them. */
async function warm(adapter, pool) {
  await step(`${adapter.maxWorkers} quick tasks at once`, () =>
    Promise.all(Array.from({ length: adapter.maxWorkers }, () => adapter.tasks.quick(pool))),
  )
}

async function crash(adapter, pool) {
  const result = await step('the crash task', () => outcome(adapter.tasks.crash(pool)))
  if (!result.rejected)
    await step('the crash task', () => {
      throw new Error('the crash task resolved: its promise must reject when its worker dies')
    })
}

const terminate = (adapter, pool, which = 'terminate()') => step(which, () => adapter.terminate(pool))

/** Each clause's scenario: what the pool is made to do, and the checkpoints the clause judges. */
const scenarios = {
  async 'terminate-waits'(adapter, pool) {
    await warm(adapter, pool)
    await terminate(adapter, pool)
    await checkpoint('pool:terminated')
  },
  async 'reaps-workers'(adapter, pool) {
    await warm(adapter, pool)
    if (adapter.tasks.crash) await crash(adapter, pool)
    await terminate(adapter, pool)
    await checkpoint('pool:terminated')
  },
  async 'terminate-twice'(adapter, pool) {
    await warm(adapter, pool)
    await terminate(adapter, pool)
    await checkpoint('pool:terminated')
    await terminate(adapter, pool, 'the second terminate()')
    await checkpoint('pool:terminated-twice')
  },
  async 'force-terminate'(adapter, pool, hangs) {
    await warm(adapter, pool)
    void adapter.tasks.hang(pool).catch(() => {})
    await step('the hang task starting (its worker calls hang())', () => hangs.first)
    await step('forceTerminate()', () => adapter.forceTerminate(pool))
    await checkpoint('pool:forced')
  },
  async 'replaces-crashed'(adapter, pool) {
    await warm(adapter, pool)
    await checkpoint('pool:warm')
    await crash(adapter, pool)
    await step('a quick task after the crash', () => adapter.tasks.quick(pool))
    await checkpoint('pool:recovered')
    await terminate(adapter, pool)
  },
  async 'max-workers'(adapter, pool) {
    const burst = () =>
      step(`${2 * adapter.maxWorkers} quick tasks at once`, () =>
        Promise.all(Array.from({ length: 2 * adapter.maxWorkers }, () => adapter.tasks.quick(pool))),
      )
    await burst()
    if (adapter.tasks.crash && adapter.capabilities?.replacesCrashedWorkers !== false) {
      await crash(adapter, pool)
      await burst()
    }
    await terminate(adapter, pool)
  },
  async 'hang-timeout'(adapter, pool, hangs) {
    await warm(adapter, pool)
    const settled = outcome(adapter.tasks.hang(pool))
    await step('the hang task starting (its worker calls hang())', () => hangs.first)
    const result = await step('the hang task timing out', () => settled)
    if (!result.rejected)
      await step('the hang task timing out', () => {
        throw new Error('the hang task resolved: its promise must reject when it times out')
      })
    await checkpoint('pool:hang-settled')
    await (adapter.forceTerminate
      ? step('forceTerminate()', () => adapter.forceTerminate(pool))
      : terminate(adapter, pool))
  },
  async 'sigkill-parent'(adapter, pool) {
    await warm(adapter, pool)
    await checkpoint('pool:ready')
    process.kill(process.pid, 'SIGKILL')
  },
  ...Object.fromEntries(
    ['SIGTERM', 'SIGINT', 'SIGHUP'].map((signal) => [
      `signal-${signal}`,
      async (adapter, pool) => {
        await warm(adapter, pool)
        await checkpoint('pool:ready')
        // Sent to this process alone, as `kill <pid>` does: what the pool does with it is what is judged.
        process.kill(process.pid, signal)
      },
    ]),
  ),
}

async function main() {
  const scenario = scenarios[process.env.PROCLIFE_POOL_SCENARIO]
  if (!scenario) throw new Error(`no scenario ${JSON.stringify(process.env.PROCLIFE_POOL_SCENARIO)}`)
  const adapter = await step('loading the adapter', loadAdapter)
  const hangs = hangListener()
  try {
    const pool = await step('create()', () => adapter.create())
    await scenario(adapter, pool, hangs)
    say('done', true)
  } finally {
    hangs.close()
  }
}

main().then(
  // Whatever the pool still holds (an open channel, a timer) does not keep its process: the
  // scenario is over, and what the pool left is the clause's to judge. After a signal the scenario
  // sent itself, the process waits for it instead.
  () => {
    if (!process.env.PROCLIFE_POOL_SCENARIO.startsWith('signal-')) setImmediate(() => process.exit(0))
  },
  (error) => {
    if (!(error instanceof StepFailed))
      say('failed', { step: 'the host', error: error instanceof Error ? error.message : String(error) })
    process.exit(1)
  },
)
