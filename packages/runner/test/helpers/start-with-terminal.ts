// Starts a run with a terminal and prints what startFixture answered, as one JSON line: run by
// terminal.test.ts inside a mount namespace where /dev/ptmx is not a pseudo-terminal multiplexer.
import { startFixture, TerminalUnavailableError } from '../../src/index.js'

try {
  const run = await startFixture(['true'], { terminal: true })
  await run.done
  process.stdout.write(`${JSON.stringify({ started: true })}\n`)
} catch (error) {
  const e = error as Error
  process.stdout.write(
    `${JSON.stringify({ name: e.name, terminal: error instanceof TerminalUnavailableError, message: e.message })}\n`,
  )
}
