// Starts a child, waits for it to end, and reports its exit code: nothing is left behind.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { checkpoint } from '@proclife/runner/checkpoint'

const child = spawn('sh', ['-c', 'exit 3'])
const exited = once(child, 'exit') // before the checkpoint: the child may end while we wait in it
await checkpoint('spawned')
const [code] = await exited
console.log(`child exited with ${code}`)
