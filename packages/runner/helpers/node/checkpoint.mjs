// The Node checkpoint helper: plain JavaScript, so that it loads the same way in development and
// once published, from any fixture, with no build and no loader (a fixture stays one process).
// Types: checkpoint.d.ts beside it.
import { createConnection } from 'node:net'

const ENV = 'PROCLIFE_CHECKPOINT'
let warned = false

export async function checkpoint(name) {
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
  await new Promise((resolve, reject) => {
    const socket = createConnection(path)
    let reply = ''
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(`${name}\n`))
    socket.on('data', (chunk) => {
      reply += chunk
      if (!reply.endsWith('\n')) return
      socket.end()
      if (reply === 'ok\n') resolve()
      else reject(new Error(`proclife sentinel refused checkpoint ${JSON.stringify(name)}: ${reply.trim()}`))
    })
    socket.on('error', reject)
    socket.on('close', () => {
      if (!reply.endsWith('\n'))
        reject(new Error(`proclife sentinel closed the checkpoint socket during ${JSON.stringify(name)}`))
    })
  })
}
