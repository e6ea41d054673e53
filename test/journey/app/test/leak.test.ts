import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { it } from 'vitest'

// The leak guard must fail this test, and kill what it left; the journey checks both.
it('leaks a detached child', () => {
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' })
  child.unref()
  appendFileSync(process.env['LEAKED_PIDS'] ?? 'leaked-pids', `${child.pid}\n`)
})

it('runs clean after the leak', () => {})
