import { expect, it } from 'vitest'
import { GroupSignalError, startFixture } from '../src/index.js'
import { fixture } from './helpers/fixtures.js'

it('signals a whole process group at once, named by one of its processes (newSession)', async () => {
  const run = await startFixture(fixture('job-group.sh'), { newSession: true })
  // root.1 leads the job's group; root.1.1 (cat) is in it too.
  await run.waitFor(
    (v) =>
      v.processes.some((p) => p.id === 'root.1.1' && p.argv?.[0] === 'cat') &&
      v.processes.some((p) => p.id === 'root.1.2'),
    { description: 'the job and its two cats' },
  )
  const pgid = await run.signalGroup('root.1', 'SIGTERM')
  expect(pgid).toBe(run.view().processes.find((p) => p.id === 'root.1')!.pid)
  const report = await run.done
  // The members died of the one signal; the root (another group) was not signalled and exited by itself.
  expect(report.process('root.1').exit?.signal).toBe('SIGTERM')
  expect(report.process('root.1.1').exit?.signal).toBe('SIGTERM')
  expect(report.process('root.1.2').exit?.signal).toBe('SIGTERM')
  expect(report.process('root').exit?.signal).toBeNull()
  expect(report.events.find((e) => e.kind === 'signal')?.detail).toBe(`SIGTERM to its process group ${pgid} (request)`)
  expect(report.verdict.strays).toEqual([])
})

it("refuses a group that is the harness's own (no session of its own): a clear error, nothing signalled", async () => {
  const run = await startFixture(fixture('tree.sh'))
  await run.waitFor((v) => v.processes.length === 3, { description: 'the root and its two cats' })
  const error = await run.signalGroup('root', 'SIGTERM').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(GroupSignalError)
  expect((error as GroupSignalError).message).toBe(
    "Cannot signal the process group of root: the process is in the harness's own process group (the run has no session of its own).",
  )
  run.closeStdin()
  const report = await run.done
  expect(report.exit).toEqual({ code: 0, signal: null })
  expect(report.events.filter((e) => e.kind === 'signal')).toEqual([])
})

it('names an unknown process', async () => {
  const run = await startFixture(fixture('tree.sh'), { newSession: true })
  await run.waitFor((v) => v.processes.length === 3, { description: 'the root and its two cats' })
  await expect(run.signalGroup('root.9', 'SIGTERM')).rejects.toThrow(/^No process "root.9" in this run\. Known: root/)
  run.closeStdin()
  await run.done
})
