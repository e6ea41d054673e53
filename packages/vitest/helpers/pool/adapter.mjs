/* global setInterval */
// The pool side of the pool contract (`@proclife/vitest/pool-adapter`): plain JavaScript, so that
// the pool's process and its workers load it as they are, with no loader (a TypeScript loader
// would start processes of its own, and they would count as the pool's). Types: adapter.d.ts.
import { createConnection } from 'node:net'
import { isAbsolute } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The environment variable naming the socket where hang() tells the pool's host it started. */
export const HANG_SOCKET = 'PROCLIFE_POOL_HANG'

const ADAPTER = Symbol.for('proclife.poolAdapter')

/**
 * Checks and marks a pool adapter. `module` is the URL of the module that exports it
 * (`import.meta.url`): the contract imports that module again in the pool's own process.
 */
export function definePoolAdapter(adapter) {
  const problem = adapterProblem(adapter)
  if (problem) throw new TypeError(`definePoolAdapter(): ${problem}`)
  return Object.freeze({ ...adapter, [ADAPTER]: true })
}

const notInNode = (what) => () => {
  throw new Error(`${what} runs in the Python pool's process, not in Node`)
}

/**
 * An adapter for a Python pool: a Python module (its path) defining MAX_WORKERS, create(),
 * quick(pool), terminate(pool), and those of hang(pool), crash(pool), force_terminate(pool) that
 * `has` names. The contract runs it with helpers/pool/host.py on the run's Python.
 */
export function definePythonPoolAdapter({ name, script, maxWorkers, capabilities, has = [] }) {
  const path = typeof script === 'string' && script.startsWith('file:') ? fileURLToPath(script) : script
  if (typeof path !== 'string' || !isAbsolute(path) || !path.endsWith('.py'))
    throw new TypeError(
      `definePythonPoolAdapter(): ${name}: script must be the absolute path or file URL of the adapter's Python module (.py); received ${JSON.stringify(script)}.`,
    )
  const known = ['hang', 'crash', 'forceTerminate']
  const unknown = has.filter((h) => !known.includes(h))
  if (unknown.length > 0)
    throw new TypeError(
      `definePythonPoolAdapter(): ${name}: has names ${unknown.join(', ')}; it may name ${known.join(', ')}.`,
    )
  const tasks = { quick: notInNode('quick') }
  for (const task of ['hang', 'crash']) if (has.includes(task)) tasks[task] = notInNode(task)
  return definePoolAdapter({
    name,
    module: pathToFileURL(path).href,
    maxWorkers,
    capabilities,
    language: 'python',
    script: path,
    create: notInNode('create'),
    terminate: notInNode('terminate'),
    tasks,
    ...(has.includes('forceTerminate') ? { forceTerminate: notInNode('force_terminate') } : {}),
  })
}

/** Whether a value was made by definePoolAdapter(). */
export function isPoolAdapter(value) {
  return typeof value === 'object' && value !== null && value[ADAPTER] === true
}

const isFunction = (f) => typeof f === 'function'

function adapterProblem(a) {
  if (typeof a !== 'object' || a === null) return `an adapter is an object; received ${a === null ? 'null' : typeof a}.`
  if (typeof a.name !== 'string' || a.name === '')
    return "name must be a non-empty string (it names the adapter among its module's exports)."
  if (typeof a.module !== 'string' || !/^file:/.test(a.module))
    return `${a.name}: module must be the file URL of the adapter's module (import.meta.url); received ${JSON.stringify(a.module)}.`
  if (a.language !== 'python' && !/\.(m?js|cjs)$/.test(new URL(a.module).pathname))
    return `${a.name}: the adapter's module must be JavaScript (.mjs, .js): it runs in the pool's own process without a TypeScript loader, whose processes would count as the pool's.`
  if (!Number.isSafeInteger(a.maxWorkers) || a.maxWorkers < 1)
    return `${a.name}: maxWorkers must be a positive integer; received ${JSON.stringify(a.maxWorkers)}.`
  for (const key of ['create', 'terminate']) if (!isFunction(a[key])) return `${a.name}: ${key} must be a function.`
  if (typeof a.tasks !== 'object' || a.tasks === null || !isFunction(a.tasks.quick))
    return `${a.name}: tasks.quick must be a function.`
  for (const key of ['slow', 'hang', 'crash'])
    if (a.tasks[key] !== undefined && !isFunction(a.tasks[key]))
      return `${a.name}: tasks.${key} must be a function when given.`
  if (a.forceTerminate !== undefined && !isFunction(a.forceTerminate))
    return `${a.name}: forceTerminate must be a function when given.`
  if (a.capabilities !== undefined && (typeof a.capabilities !== 'object' || a.capabilities === null))
    return `${a.name}: capabilities must be an object when given.`
  return undefined
}

/**
 * Starts hanging, in a worker: from now on it ignores SIGTERM and a timer keeps it alive.
 * Resolves once the contract's host knows (over the socket named by PROCLIFE_POOL_HANG) which
 * process hangs: a pool whose timeout counts from a task's start can start counting then.
 */
export async function startHanging() {
  process.on('SIGTERM', () => {})
  setInterval(() => {}, 1 << 30)
  const path = process.env[HANG_SOCKET]
  if (!path) return
  await new Promise((resolve) => {
    const socket = createConnection(path, () => socket.end(`${process.pid}\n`))
    // Resolved when the host has read it all (its end of the socket closes).
    socket.on('close', resolve)
    socket.on('error', resolve)
  })
}

/** The body of a hang task, in a worker: {@link startHanging}, and the task never finishes. */
export async function hang() {
  await startHanging()
  return new Promise(() => {})
}
