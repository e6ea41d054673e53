import { expect, it } from 'vitest'
import { startFixture, WaitForTimeoutError } from '../src/index.js'

// run.waitForOutput waits for a text in the root's output, woken by each chunk that arrives: a
// server that says where it listens, a prompt, a line before which a signal means nothing.

it('resolves once the output holds the text, and gives a regular expression its groups', async () => {
  const run = await startFixture(['sh', '-c', 'echo starting; echo "listening on 4321"; exec sleep 30'])
  const ready = await run.waitForOutput('listening')
  expect(ready).toMatchObject({ stream: 'stdout', match: 'listening', groups: null })
  const port = await run.waitForOutput(/listening on (\d+)/g)
  expect(port.groups?.[1]).toBe('4321')
  expect(port.output).toBe('starting\nlistening on 4321\n')
  const report = await run.stop()
  expect(report.process('root').leftover).toBe(true)
})

it('reads stderr too, unless one stream is named', async () => {
  const run = await startFixture(['sh', '-c', 'echo oops >&2; exec sleep 30'])
  await expect(run.waitForOutput('oops')).resolves.toMatchObject({ stream: 'stderr' })
  const error = await run.waitForOutput('oops', { stream: 'stdout', timeout: 100 }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(WaitForTimeoutError)
  expect((error as Error).message).toBe(
    'Waited for the output to contain "oops", but 100 ms passed.\n\nThe output so far:\nstdout: (nothing)',
  )
  await run.stop()
})

it('gives up as soon as the output has ended without it, whatever the timeout', async () => {
  const run = await startFixture(['sh', '-c', 'echo bye'])
  // Were it not woken by the end of the streams, this would outlast the test's own timeout.
  const error = await run.waitForOutput(/ready/, { timeout: 600_000 }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(WaitForTimeoutError)
  expect((error as Error).message).toBe(
    'Waited for the output to contain /ready/, but the run\'s stdout and stderr ended without it.\n\nThe output:\nstdout: "bye\\n"\nstderr: (nothing)',
  )
  await run.done
})

it('refuses what is neither a text nor a regular expression', async () => {
  const run = await startFixture(['sh', '-c', 'exec sleep 30'])
  await expect(run.waitForOutput(42 as never)).rejects.toThrow(
    'waitForOutput() needs a text or a regular expression; received number.',
  )
  await run.stop()
})
