// The watcher's own process: `node watch-worker.js <file token> <worker pid> <worker start ticks>
// <worker's parent pid>`,
// started by the guard with a pipe on its stdin. It waits for the worker's end, then kills, by
// identity, every process that carries the worker's token — what the worker's tests (and its
// beforeAll/afterAll) started and left — except those the guard said to spare.
//
// The worker's end is seen the way the sentinel sees its runner's: the pipe's end-of-file, which
// the kernel delivers however the worker ended (exit, crash, SIGKILL). A worker that is abandoned
// instead (its vitest parent died and it hangs on) keeps the pipe open: the watcher also notices
// that the worker's parent changed, which only happens when that parent died.
import { readdirSync, readFileSync } from 'node:fs'
import { readProcessSync, terminateProcesses, type ProcessIdentity } from '@proclife/proctable'
import { carriesToken } from './guard-token.js'

const [file, workerPid, workerTicks, workerParent] = process.argv.slice(2)
const worker: ProcessIdentity = { pid: Number(workerPid), startTicks: Number(workerTicks) }
// Read by the worker when it started the watcher: by the time this process runs, it may have changed.
const parent = Number(workerParent)
const spared = new Set<string>()
let ending = false

/** The live processes carrying the worker's token, but for the watcher and those spared. */
function leftovers(): ProcessIdentity[] {
  const found: ProcessIdentity[] = []
  for (const entry of readdirSync('/proc')) {
    const first = entry.charCodeAt(0)
    if (first < 0x30 || first > 0x39) continue
    const pid = Number(entry)
    if (pid === process.pid || pid === worker.pid) continue
    let environ: string
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1')
    } catch {
      continue // gone, or not ours
    }
    if (!carriesToken(environ, file!)) continue
    const info = readProcessSync(pid, { argv: false, uid: false })
    if (info && info.state !== 'Z' && !spared.has(`${info.pid}@${info.startTicks}`)) found.push(info)
  }
  return found
}

async function end(): Promise<void> {
  if (ending) return
  ending = true
  // A few rounds: a process may start another while the first are being killed.
  for (let round = 0; round < 5; round++) {
    const found = leftovers()
    if (found.length === 0) break
    await terminateProcesses(found, { killAfter: 0, killWait: 2000 })
  }
  process.exit(0)
}

let buffered = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  buffered += chunk
  for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
    const [verb, pid, ticks] = buffered.slice(0, nl).split(' ')
    buffered = buffered.slice(nl + 1)
    if (verb === 'spare') spared.add(`${pid}@${ticks}`)
  }
})
process.stdin.on('end', () => void end())
process.stdin.on('error', () => void end())

// Abandoned: the worker is still there but its parent is not the one it had (vitest's main
// process died and the kernel gave the worker a new parent). Checked once a second: a watcher
// has all the time it needs, and costs nothing meanwhile.
setInterval(() => {
  const now = readProcessSync(worker.pid, { argv: false, uid: false })
  if (!now || now.startTicks !== worker.startTicks || now.ppid !== parent) void end()
}, 1000)
