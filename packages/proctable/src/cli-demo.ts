// Prints the process table, or the subtree of a pid, as a tree with states:
//   node --conditions=@proclife/source --import tsx packages/proctable/src/cli-demo.ts [pid]
// A stand-in for the CLI until it exists. Colour only on a terminal, and never with NO_COLOR set.
import { bootTime, clockTicksPerSecond, renderTree, snapshotSync, subtreeSync, type ProcessInfo } from './index.js'

const arg = process.argv.slice(2).find((a) => a !== '--')
const pid = arg === undefined ? undefined : Number(arg)
if (pid !== undefined && !(Number.isSafeInteger(pid) && pid > 0)) {
  console.error(`usage: cli-demo [pid]   (got ${JSON.stringify(arg)})`)
  process.exit(2)
}

// Both are read once per process (CLK_TCK by running getconf); keep that out of the timing.
clockTicksPerSecond()
bootTime()
const started = performance.now()
const snapshot = pid === undefined ? snapshotSync() : subtreeSync(pid)
const elapsed = performance.now() - started
if (pid !== undefined && snapshot.processes.size === 0) {
  console.error(`no process ${pid}`)
  process.exit(1)
}

const colour = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code: string, text: string): string => (colour ? `\u001b[${code}m${text}\u001b[0m` : text)
const STATE_COLOURS: Partial<Record<ProcessInfo['state'], string>> = { Z: '31;1', T: '33', t: '33', D: '35', R: '32' }

const picture = renderTree(snapshot, {
  width: process.stdout.columns ?? 120,
  decorate: (text, part, p) => {
    if (part === 'state') return paint(STATE_COLOURS[p.state] ?? '2', text)
    if (part === 'argv' || part === 'note') return paint('2', text)
    return text
  },
  annotate: (p) => (p.pid === process.pid ? ['this demo'] : []),
})

// `cli-demo | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1))
const count = `${snapshot.processes.size} process${snapshot.processes.size === 1 ? '' : 'es'}`
process.stdout.write(`${picture}\n\n${count}, read from /proc in ${elapsed.toFixed(1)} ms\n`)
