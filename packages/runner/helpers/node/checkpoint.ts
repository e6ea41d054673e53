import { createConnection } from 'node:net'

const ENV = 'PROCLIFE_CHECKPOINT'
let warned = false

/**
 * Records the process tree under `name` and resolves once the run lets this process go on.
 *
 * Talks to the proclife sentinel over the Unix socket named by `PROCLIFE_CHECKPOINT` (inherited by
 * every process of the run). The sentinel snapshots every process of the run at the moment of the
 * call and answers at once, or, if the test holds this checkpoint, when the test releases it.
 * Outside proclife (variable unset) it does nothing and warns once on stderr.
 *
 * @example
 * ```ts
 * import { checkpoint } from '@proclife/runner/checkpoint'
 * const child = spawn(process.execPath, ['worker.js'])
 * await checkpoint('worker-started')
 * ```
 */
export async function checkpoint(name: string): Promise<void> {
  if (typeof name !== 'string' || name === '' || /[\n\0]/.test(name)) {
    throw new TypeError(`checkpoint name must be a non-empty string without newlines, received ${JSON.stringify(name)}`)
  }
  const path = process.env[ENV]
  if (!path) {
    if (!warned) {
      warned = true
      process.stderr.write(`proclife: ${ENV} is not set; checkpoint(${JSON.stringify(name)}) does nothing\n`)
    }
    return
  }
  await new Promise<void>((resolve, reject) => {
    const socket = createConnection(path)
    let reply = ''
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(`${name}\n`))
    socket.on('data', (chunk: string) => {
      reply += chunk
      if (!reply.endsWith('\n')) return
      socket.end()
      if (reply === 'ok\n') resolve()
      else reject(new Error(`proclife sentinel refused checkpoint ${JSON.stringify(name)}: ${reply.trim()}`))
    })
    socket.on('error', reject)
    socket.on('close', () => {
      if (!reply.endsWith('\n')) reject(new Error(`proclife sentinel closed the checkpoint socket during ${JSON.stringify(name)}`))
    })
  })
}
